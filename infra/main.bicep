// SnapLedger on Azure: one resource group holding a Flex Consumption Function App, its storage,
// Azure OpenAI (gpt-4o), MySQL Flexible Server and monitoring. Nothing here takes a key or a password:
// every service is reached with the app's user-assigned managed identity.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it seeds the names of every resource.')
param environmentName string

@minLength(1)
@description('Primary location for all resources (it must offer Flex Consumption, gpt-4o and MySQL Flexible Server).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the developer running azd (azd fills AZURE_PRINCIPAL_ID); gets the app\'s data roles for local runs and may sign in. Empty for none.')
param principalId string = ''

@description('Client id of an existing Entra app registration for sign-in; empty lets the preprovision hook create one.')
param authClientId string = ''

@description('Object ids of the people allowed to sign in, besides principalId. Empty list with empty principalId: anyone in the tenant.')
param allowedUserObjectIds array = []

@description('gpt-4o model version of the Azure OpenAI deployment.')
param openAiModelVersion string = '2024-11-20'

@allowed([
  'GlobalStandard'
  'Standard'
])
@description('Deployment type of the gpt-4o deployment: GlobalStandard is cheapest and most widely available.')
param openAiSkuName string = 'GlobalStandard'

@minValue(1)
@description('gpt-4o capacity in thousands of tokens per minute; one screenshot costs about 1-2K tokens.')
param openAiCapacity int = 10

@description('MySQL Flexible Server compute SKU (Burstable B1ms is about the smallest).')
param mysqlSkuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param mysqlSkuTier string = 'Burstable'

@minValue(20)
@description('MySQL storage in GiB (20 is the minimum).')
param mysqlStorageSizeGB int = 20

@minValue(1)
@maxValue(35)
@description('Days of MySQL point-in-time-restore backups kept by Azure.')
param backupRetentionDays int = 7

@minValue(1)
@description('Days an uploaded screenshot is kept in the uploads container before the lifecycle rule deletes it.')
param imageRetentionDays int = 30

@description('Whether the MySQL server already exists; the preprovision hook sets MYSQL_SERVER_EXISTS.')
param mysqlServerExists bool = false

@description('Time zone of screenshot wall-clock times.')
param ledgerTimeZone string = 'Asia/Shanghai'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-${resourceToken}'
var appOrigin = 'https://${functionAppName}.azurewebsites.net'
var uploadsContainerName = 'uploads'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var databaseName = 'snapledger'
var openAiDeploymentName = 'gpt-4o'
var openAiApiVersion = '2024-10-21'
var signInAllowList = union(allowedUserObjectIds, empty(principalId) ? [] : [principalId])

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identities 'app/identity.bicep' = {
  name: 'identities'
  scope: rg
  params: {
    location: location
    tags: tags
    appIdentityName: 'id-api-${resourceToken}'
    mysqlIdentityName: 'id-mysql-${resourceToken}'
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'st${resourceToken}'
    uploadsContainerName: uploadsContainerName
    deploymentContainerName: deploymentContainerName
    allowedOrigin: appOrigin
    imageRetentionDays: imageRetentionDays
  }
}

module events 'app/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'evgt-${resourceToken}'
    storageAccountName: storage.outputs.name
  }
}

module openAi 'app/openai.bicep' = {
  name: 'openai'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'oai-${resourceToken}'
    deploymentName: openAiDeploymentName
    modelVersion: openAiModelVersion
    skuName: openAiSkuName
    capacity: openAiCapacity
  }
}

module mysql 'app/mysql.bicep' = {
  name: 'mysql'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'mysql-${resourceToken}'
    skuName: mysqlSkuName
    skuTier: mysqlSkuTier
    storageSizeGB: mysqlStorageSizeGB
    backupRetentionDays: backupRetentionDays
    databaseName: databaseName
    serverExists: mysqlServerExists
    serverIdentityId: identities.outputs.mysqlIdentityId
    adminIdentityName: identities.outputs.appIdentityName
    adminIdentityPrincipalId: identities.outputs.appIdentityPrincipalId
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: 'plan-${resourceToken}'
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    identityId: identities.outputs.appIdentityId
    identityClientId: identities.outputs.appIdentityClientId
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    authClientId: authClientId
    allowedUserObjectIds: signInAllowList
    appSettings: {
      UPLOADS_CONTAINER: uploadsContainerName
      MYSQL_HOST: mysql.outputs.fullyQualifiedDomainName
      MYSQL_PORT: '3306'
      MYSQL_USER: identities.outputs.appIdentityName
      MYSQL_DATABASE: databaseName
      MYSQL_AUTH: 'entra'
      AZURE_OPENAI_ENDPOINT: openAi.outputs.endpoint
      AZURE_OPENAI_DEPLOYMENT: openAiDeploymentName
      AZURE_OPENAI_API_VERSION: openAiApiVersion
      RECOGNIZER: 'llm'
      LEDGER_TZ: ledgerTimeZone
      AUTH_MODE: 'easyauth'
    }
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    openAiAccountName: openAi.outputs.name
    appPrincipalId: identities.outputs.appIdentityPrincipalId
    userPrincipalId: principalId
  }
}

// Outputs land in the azd environment (azd env get-values). None is named like an app setting that would
// switch a local run onto the cloud database, which only the app's identity may sign in to.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = appOrigin
output SERVICE_API_IDENTITY_PRINCIPAL_ID string = identities.outputs.appIdentityPrincipalId
output SERVICE_API_IDENTITY_CLIENT_ID string = identities.outputs.appIdentityClientId
output MYSQL_SERVER_IDENTITY_PRINCIPAL_ID string = identities.outputs.mysqlIdentityPrincipalId
output AUTH_CLIENT_ID string = authClientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output UPLOADS_CONTAINER string = uploadsContainerName
output EVENTGRID_SYSTEM_TOPIC_NAME string = events.outputs.name
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_OPENAI_DEPLOYMENT string = openAiDeploymentName
output AZURE_OPENAI_API_VERSION string = openAiApiVersion
output AZURE_MYSQL_HOST string = mysql.outputs.fullyQualifiedDomainName
output AZURE_MYSQL_SERVER_NAME string = mysql.outputs.name
output AZURE_MYSQL_DATABASE string = databaseName
output AZURE_MYSQL_USER string = identities.outputs.appIdentityName
