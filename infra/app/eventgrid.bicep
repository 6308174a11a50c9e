// The Event Grid system topic for the storage account. Its subscription to the function's blob
// extension webhook is created by infra/hooks/postdeploy.sh: the webhook key exists only after deploy.
param location string
param tags object = {}
param name string
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = systemTopic.name
