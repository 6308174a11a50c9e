// Azure Database for MySQL Flexible Server: TLS 1.2+ only, Microsoft Entra sign-in only, with the
// app's managed identity as the Entra administrator (the app's one and only login).
param location string
param tags object = {}
param name string
param skuName string
param skuTier string
param storageSizeGB int
param backupRetentionDays int
param databaseName string

@description('Resource id of the identity the server uses to read Microsoft Graph (needs User.Read.All, GroupMember.Read.All, Application.Read.All).')
param serverIdentityId string

@description('Name of the app identity; it is the MySQL user name the app signs in with.')
param adminIdentityName string

@description('Object (principal) id of the app identity.')
param adminIdentityPrincipalId string

@description('True once the server exists (the preprovision hook checks). The native administrator is set only at creation.')
param serverExists bool = false

@secure()
@description('Creation needs a native administrator password; nobody ever sees it and aad_auth_only switches password sign-in off.')
param unusedAdminPassword string = 'Sl-${newGuid()}'

// The server takes one configuration change at a time (parallel ones fail as "server busy"), hence
// @batchSize(1) below.
var serverParameters = [
  {
    name: 'require_secure_transport'
    value: 'ON'
  }
  {
    name: 'tls_version'
    value: 'TLSv1.2,TLSv1.3'
  }
  {
    name: 'aad_auth_only'
    value: 'ON'
  }
]

resource server 'Microsoft.DBforMySQL/flexibleServers@2023-06-30' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${serverIdentityId}': {}
    }
  }
  properties: {
    version: '8.0.21'
    // Sent on creation only: with aad_auth_only ON, a later password change would be refused.
    administratorLogin: serverExists ? null : 'snapledgeradmin'
    administratorLoginPassword: serverExists ? null : unusedAdminPassword
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource entraAdmin 'Microsoft.DBforMySQL/flexibleServers/administrators@2023-06-30' = {
  parent: server
  name: 'ActiveDirectory'
  properties: {
    administratorType: 'ActiveDirectory'
    identityResourceId: serverIdentityId
    login: adminIdentityName
    sid: adminIdentityPrincipalId
    tenantId: tenant().tenantId
  }
}

@batchSize(1)
resource serverParameterValues 'Microsoft.DBforMySQL/flexibleServers/configurations@2023-06-30' = [for p in serverParameters: {
  parent: server
  name: p.name
  properties: {
    value: p.value
    source: 'user-override'
  }
  // Password sign-in goes off only once the Entra administrator exists.
  dependsOn: [
    entraAdmin
  ]
}]

resource database 'Microsoft.DBforMySQL/flexibleServers/databases@2023-06-30' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'utf8mb4'
    collation: 'utf8mb4_0900_ai_ci'
  }
  dependsOn: [
    serverParameterValues
  ]
}

// 0.0.0.0 is Azure's convention for "any Azure service", which a Flex Consumption app needs:
// its outbound addresses are not fixed. Sign-in still needs a valid Entra token over TLS.
resource allowAzureServices 'Microsoft.DBforMySQL/flexibleServers/firewallRules@2023-06-30' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    database
  ]
}

output name string = server.name
output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName
