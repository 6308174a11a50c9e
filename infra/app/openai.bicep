// Azure OpenAI with key auth switched off and one gpt-4o deployment for reading screenshots.
param location string
param tags object = {}
param name string
param deploymentName string
param modelVersion string

@allowed([
  'GlobalStandard'
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

resource gpt4o 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: deploymentName
  sku: {
    name: skuName
    capacity: capacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: 'gpt-4o'
      version: modelVersion
    }
    // Keep the pinned version until Azure retires it, then move on instead of failing.
    versionUpgradeOption: 'OnceCurrentVersionExpired'
  }
}

output name string = account.name
output endpoint string = account.properties.endpoint
