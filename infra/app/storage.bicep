// The storage account behind AzureWebJobsStorage, the deployment package and the uploaded screenshots.
// No account key can be used (allowSharedKeyAccess: false): upload URLs are user-delegation SAS
// signed by the app's managed identity, and the Functions host connects with that identity too.
param location string
param tags object = {}
param name string
param uploadsContainerName string
param deploymentContainerName string

@minValue(1)
param imageRetentionDays int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// The default blob service always exists with the account. Its CORS rule and soft delete are set by
// app/blob-service.bicep once the Function App (and so its host name, the allowed origin) exists.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource uploadsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: uploadsContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Screenshots are only needed until the record is confirmed; the record keeps every field. The rule covers every
// blob type a lifecycle rule can act on: block blobs (what the page uploads) and append blobs. Page blobs cannot be
// tiered or deleted by lifecycle management at all; a page blob written with an upload SAS is deleted by the blob
// trigger, which refuses any blob that is not a block blob.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-uploads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
                'appendBlob'
              ]
              prefixMatch: [
                '${uploadsContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: imageRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    uploadsContainer
  ]
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
