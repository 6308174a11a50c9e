// SnapLedger on Azure: one resource group holding a Flex Consumption Function App, its storage,
// Azure OpenAI (one vision model deployment, chosen below), MySQL Flexible Server and monitoring.
// Nothing here takes a key or a password: every service is reached with the app's user-assigned
// managed identity.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it seeds the names of every resource.')
param environmentName string

@minLength(1)
@description('Primary location for all resources (it must offer Flex Consumption, the chosen model and MySQL Flexible Server).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the principal running azd (azd fills AZURE_PRINCIPAL_ID); gets the app\'s data roles for local runs and, if a person, may sign in. Empty for none.')
param principalId string = ''

// azd fills AZURE_PRINCIPAL_TYPE with the kind of principal it signed in as: 'User' for a person,
// 'ServicePrincipal' when azd up runs in CI with a service principal or federated credential.
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principal principalId is (azd fills AZURE_PRINCIPAL_TYPE).')
param principalType string = 'User'

@description('Client id of an existing Entra app registration for sign-in; empty lets the preprovision hook create one.')
param authClientId string = ''

@description('Object ids of the people allowed to sign in, besides principalId. Empty list with empty principalId: anyone in the tenant.')
param allowedUserObjectIds array = []

// The model is a choice. The default is generally available, reads images, supports structured outputs
// and retires no earlier than 2027-03-18 (Microsoft Foundry model retirement schedule, 2026-07). Where a
// subscription still has GPT-4o: AZURE_OPENAI_MODEL=gpt-4o, AZURE_OPENAI_MODEL_VERSION=2024-11-20,
// AZURE_OPENAI_MODEL_KIND=chat. List what a region offers with az cognitiveservices model list.
@description('Model name of the Azure OpenAI deployment (azd env AZURE_OPENAI_MODEL).')
param openAiModelName string = 'gpt-5.4-mini'

@description('Model version (azd env AZURE_OPENAI_MODEL_VERSION); it must be open to new deployments in the region.')
param openAiModelVersion string = '2026-03-17'

@allowed([
  'GlobalStandard'
  'DataZoneStandard'
  'Standard'
])
@description('Deployment type (azd env AZURE_OPENAI_SKU): GlobalStandard is cheapest and most widely available.')
param openAiSkuName string = 'GlobalStandard'

@minValue(1)
@description('Deployment capacity in thousands of tokens per minute; one screenshot costs about 3K tokens with a reasoning model.')
param openAiCapacity int = 10

// Chat models take temperature and max_tokens; reasoning models (the GPT-5 family, o-series) refuse both
// and take max_completion_tokens and reasoning_effort instead. The app reads this to build its request.
@allowed([
  'chat'
  'reasoning'
])
@description('Kind of the chosen model (azd env AZURE_OPENAI_MODEL_KIND).')
param openAiModelKind string = 'reasoning'

@allowed([
  'none'
  'minimal'
  'low'
  'medium'
  'high'
])
@description('reasoning_effort a reasoning model is asked for (azd env AZURE_OPENAI_REASONING_EFFORT); chat models ignore it.')
param openAiReasoningEffort string = 'low'

// Reasoning models need max_completion_tokens and reasoning_effort, which the 2024-10-21 GA data-plane
// version does not have; 2025-04-01-preview is the version Microsoft's GPT-5 guidance uses.
@description('Azure OpenAI data-plane API version the app calls (azd env AZURE_OPENAI_API_VERSION).')
param openAiApiVersion string = '2025-04-01-preview'

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

@allowed([
  '8.4'
  '8.0.21'
])
@description('MySQL major version of a new server (azd env MYSQL_VERSION). An existing server keeps its version.')
param mysqlVersion string = '8.4'

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

// Connection budget: every open MySQL connection is one the server must allow.
//   instances  = scale groups (HTTP, Blob/Event Grid, two timers: 4) × functionMaxInstances (4) = 16
//   processes  = 1 Python worker process per instance (FUNCTIONS_WORKER_PROCESS_COUNT unset = 1)
//   per process= MYSQL_POOL_SIZE (2) + MYSQL_MAX_OVERFLOW (3)                                   = 5
//   worst case = 16 × 1 × 5 = 80 connections, against max_connections 171 (B1ms default; B1s max)
// Even doubled while old and new instances overlap during a deployment (160), that stays under
// max_connections, with the rest for the portal, a mysql client and Azure's own monitoring connections.
// Raise one of these numbers only together with the others: keep 2 × the product under mysqlMaxConnections.
// The same arithmetic, with sources, is in README.md (Deploy to Azure → Connection budget).
@minValue(1)
@maxValue(1000)
@description('Most on-demand Function App instances per Flex Consumption scale group (azd env FUNCTIONS_MAX_INSTANCES).')
param functionMaxInstances int = 4

@minValue(1)
@description('SQLAlchemy pool_size per worker process (azd env MYSQL_POOL_SIZE).')
param mysqlPoolSize int = 2

@minValue(0)
@description('SQLAlchemy max_overflow per worker process (azd env MYSQL_MAX_OVERFLOW).')
param mysqlMaxOverflow int = 3

@minValue(10)
@description('MySQL max_connections (azd env MYSQL_MAX_CONNECTIONS); at most the SKU\'s maximum (B1s 171, B1ms 341).')
param mysqlMaxConnections int = 171

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-${resourceToken}'
var uploadsContainerName = 'uploads'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var databaseName = 'snapledger'
// One deployment per model: switching models creates a new deployment (delete the old one to free its quota).
var openAiDeploymentName = openAiModelName
// Only a person can sign in; a CI service principal on the list would shut everyone else out.
var signInAllowList = union(allowedUserObjectIds, (empty(principalId) || principalType != 'User') ? [] : [principalId])
// Scale groups Flex Consumption sizes separately, each up to functionMaxInstances: HTTP, Blob (Event Grid), and
// each other function on its own — the two timers (cleanup, nightly_backup). A timer runs on one instance at a
// time, so counting it as a full group overstates the budget on purpose.
var functionScaleGroups = 4
var mysqlConnectionsAtMost = functionScaleGroups * functionMaxInstances * (mysqlPoolSize + mysqlMaxOverflow)

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
    modelName: openAiModelName
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
    version: mysqlVersion
    maxConnections: mysqlMaxConnections
    serverExists: mysqlServerExists
    serverIdentityId: identities.outputs.mysqlIdentityId
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
    maximumInstanceCount: functionMaxInstances
    appSettings: {
      UPLOADS_CONTAINER: uploadsContainerName
      MYSQL_HOST: mysql.outputs.fullyQualifiedDomainName
      MYSQL_PORT: '3306'
      MYSQL_USER: identities.outputs.appIdentityName
      MYSQL_DATABASE: databaseName
      MYSQL_AUTH: 'entra'
      MYSQL_POOL_SIZE: string(mysqlPoolSize)
      MYSQL_MAX_OVERFLOW: string(mysqlMaxOverflow)
      AZURE_OPENAI_ENDPOINT: openAi.outputs.endpoint
      AZURE_OPENAI_DEPLOYMENT: openAiDeploymentName
      AZURE_OPENAI_API_VERSION: openAiApiVersion
      AZURE_OPENAI_MODEL_KIND: openAiModelKind
      AZURE_OPENAI_REASONING_EFFORT: openAiReasoningEffort
      RECOGNIZER: 'llm'
      LEDGER_TZ: ledgerTimeZone
      AUTH_MODE: 'easyauth'
      // The hourly cleanup deletes confirmed screenshots after the same days as the lifecycle rule.
      IMAGE_RETENTION_DAYS: string(imageRetentionDays)
    }
  }
}

// The page's origin is the host name Azure gave the site, which is known once the site exists.
var appHost = api.outputs.defaultHostName
var appOrigin = 'https://${appHost}'

module blobService 'app/blob-service.bicep' = {
  name: 'blob-service'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    allowedOrigin: appOrigin
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
    userPrincipalType: principalType
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
output SERVICE_API_HOST string = appHost
output SERVICE_API_IDENTITY_PRINCIPAL_ID string = identities.outputs.appIdentityPrincipalId
output SERVICE_API_IDENTITY_CLIENT_ID string = identities.outputs.appIdentityClientId
output MYSQL_SERVER_IDENTITY_PRINCIPAL_ID string = identities.outputs.mysqlIdentityPrincipalId
output MYSQL_SERVER_IDENTITY_ID string = identities.outputs.mysqlIdentityId
output AUTH_CLIENT_ID string = authClientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output UPLOADS_CONTAINER string = uploadsContainerName
output EVENTGRID_SYSTEM_TOPIC_NAME string = events.outputs.name
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_OPENAI_DEPLOYMENT string = openAiDeploymentName
output AZURE_OPENAI_API_VERSION string = openAiApiVersion
output AZURE_OPENAI_MODEL_KIND string = openAiModelKind
output AZURE_OPENAI_REASONING_EFFORT string = openAiReasoningEffort
output AZURE_MYSQL_HOST string = mysql.outputs.fullyQualifiedDomainName
output AZURE_MYSQL_SERVER_NAME string = mysql.outputs.name
output AZURE_MYSQL_DATABASE string = databaseName
output AZURE_MYSQL_USER string = identities.outputs.appIdentityName
output MYSQL_CONNECTIONS_AT_MOST int = mysqlConnectionsAtMost
