// The two user-assigned identities: the app's (storage, OpenAI, MySQL login) and the MySQL server's own,
// which the server uses to look principals up in Microsoft Graph when they sign in with Entra tokens.
param location string
param tags object = {}
param appIdentityName string
param mysqlIdentityName string

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: appIdentityName
  location: location
  tags: tags
}

resource mysqlIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: mysqlIdentityName
  location: location
  tags: tags
}

output appIdentityId string = appIdentity.id
output appIdentityName string = appIdentity.name
output appIdentityClientId string = appIdentity.properties.clientId
output appIdentityPrincipalId string = appIdentity.properties.principalId
output mysqlIdentityId string = mysqlIdentity.id
output mysqlIdentityPrincipalId string = mysqlIdentity.properties.principalId
