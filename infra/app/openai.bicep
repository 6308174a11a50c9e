// Azure OpenAI with key auth switched off and one model deployment for reading screenshots. Which model,
// version and deployment type is a choice made in main.bicep (azd env values), not fixed here.
param location string
param tags object = {}
param name string
param deploymentName string

@description('Model name in the Azure OpenAI catalog (az cognitiveservices model list).')
param modelName string

@description('Model version; it must be generally available for new deployments in the region.')
param modelVersion string

@allowed([
  'GlobalStandard'
  'DataZoneStandard'
  'Standard'
])
param skuName string

@minValue(1)
param capacity int

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    // Entra tokens need a custom subdomain endpoint; keys are disabled so only RBAC grants access.
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource model 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: deploymentName
  sku: {
    name: skuName
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
    // Keep the pinned version until Azure retires it, then move on instead of failing.
    versionUpgradeOption: 'OnceCurrentVersionExpired'
  }
}

output name string = account.name
output endpoint string = account.properties.endpoint
