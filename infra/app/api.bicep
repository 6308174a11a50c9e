// The Function App on the Flex Consumption plan: Python 3.11, one user-assigned identity for
// everything, App Service Authentication (Easy Auth) in front of the page and the API.
param location string
param tags object = {}
param name string
param planName string
param storageAccountName string
param deploymentContainerName string
param identityId string
param identityClientId string
param applicationInsightsName string

@minLength(36)
@description('Client id of the Entra app registration users sign in to (the preprovision hook creates one).')
param authClientId string

@description('Object ids allowed to sign in; empty lets anyone in the tenant in.')
param allowedUserObjectIds array = []

@description('App settings the SnapLedger code reads (see settings.py).')
param appSettings object

// Flex Consumption caps on-demand instances per scale group (the HTTP group, the Blob/Event Grid group and each
// other function on its own each get up to this many); the platform's lowest allowed maximum is 1. main.bicep chooses the value
// together with the MySQL pool size and max_connections (see the connection budget there).
@minValue(1)
@maxValue(1000)
@description('Most on-demand instances per Flex Consumption scale group (HTTP, Blob/Event Grid, each timer).')
param maximumInstanceCount int

@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Flex Consumption refuses most App Service site settings (ftpsState, use32BitWorkerProcess,
    // netFrameworkVersion, linuxFxVersion, functionAppScaleLimit, alwaysOn, ... fail with ARM error 51021);
    // Microsoft's Flex quickstarts set only minTlsVersion here, so that is all this sends.
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'python'
        version: '3.11'
      }
    }
  }
}

// Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION: the runtime
// comes from functionAppConfig above.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, {
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AZURE_CLIENT_ID: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    // Easy Auth proves itself to Entra with a federated credential of this identity, not a client secret.
    OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId
    WEBSITE_AUTH_AAD_ALLOWED_TENANTS: tenant().tenantId
  })
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      // Event Grid delivers blob events here; the blobs_extension system key in the URL guards it.
      excludedPaths: [
        '/runtime/webhooks/blobs'
      ]
    }
    httpSettings: {
      requireHttps: true
      routes: {
        apiPrefix: '/.auth'
      }
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          defaultAuthorizationPolicy: {
            allowedPrincipals: empty(allowedUserObjectIds) ? {} : {
              identities: allowedUserObjectIds
            }
          }
        }
      }
    }
    login: {
      // Flex Consumption has no shared file system for a token store; the session cookie suffices
      // because the app reads only the X-MS-CLIENT-PRINCIPAL headers.
      tokenStore: {
        enabled: false
      }
    }
  }
  dependsOn: [
    settings
  ]
}

output name string = site.name
@description('The host name Azure gave the site; with unique default host names it is not built from the app name.')
output defaultHostName string = site.properties.defaultHostName
