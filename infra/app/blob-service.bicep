// The storage account's blob service settings: the CORS rule that lets the page PUT screenshots straight
// into the uploads container, and blob soft delete. Deployed after the Function App, because the allowed
// origin is the app's own host name, which Azure chooses (properties.defaultHostName).
param storageAccountName string

@description('Origin of the page that PUTs screenshots straight into the uploads container (https://<host>).')
param allowedOrigin string

@minValue(1)
@maxValue(365)
@description('Days a deleted or overwritten blob can still be restored.')
param softDeleteDays int = 7

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    cors: {
      corsRules: [
        {
          // The browser PUTs the image bytes with the SAS URL; OPTIONS is its preflight.
          allowedOrigins: [
            allowedOrigin
          ]
          allowedMethods: [
            'PUT'
            'OPTIONS'
          ]
          allowedHeaders: [
            'content-type'
            'x-ms-blob-type'
            'x-ms-*'
          ]
          exposedHeaders: [
            'x-ms-request-id'
            'etag'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}
