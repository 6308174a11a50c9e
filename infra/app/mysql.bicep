// Azure Database for MySQL Flexible Server: TLS 1.2+ only, with the server's own identity for Microsoft
// Graph lookups. The Entra administrator (the app's identity) and aad_auth_only=ON are set by
// infra/hooks/mysql-entra-admin.sh in postprovision, after grant-mysql-graph.sh has given that identity
// its Graph permissions: an administrator set before the grant leaves Entra sign-in broken.
param location string
param tags object = {}
param name string
param skuName string
param skuTier string
param storageSizeGB int
param backupRetentionDays int
param databaseName string

// 8.4 is the LTS release Azure offers for new servers (MySQL 8.0 left community support in April 2026).
// The REST spec's ServerVersion enum still lists only 5.7 and 8.0.21 but is modelAsString, so '8.4' is
// passed through as a string (the azurerm provider does the same since 2025-11).
@allowed([
  '8.4'
  '8.0.21'
])
@description('MySQL major version of a new server. An existing server keeps its version; upgrading is a separate, deliberate step.')
param version string

@minValue(10)
@description('max_connections server parameter; it must not exceed the SKU\'s maximum (B1s 171, B1ms 341).')
param maxConnections int

@description('Resource id of the identity the server uses to read Microsoft Graph (needs User.Read.All, GroupMember.Read.All, Application.Read.All).')
param serverIdentityId string

@description('True once the server exists (the preprovision hook checks). The native administrator and the version are set only at creation.')
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
    name: 'max_connections'
    value: string(maxConnections)
  }
]

resource server 'Microsoft.DBforMySQL/flexibleServers@2024-12-30' = {
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
    // Sent on creation only: a changed version on an existing server would start an in-place major
    // version upgrade, which is irreversible and must not happen as a side effect of azd provision.
    version: serverExists ? null : version
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

@batchSize(1)
resource serverParameterValues 'Microsoft.DBforMySQL/flexibleServers/configurations@2024-12-30' = [for p in serverParameters: {
  parent: server
  name: p.name
  properties: {
    value: p.value
    source: 'user-override'
  }
}]

resource database 'Microsoft.DBforMySQL/flexibleServers/databases@2024-12-30' = {
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
resource allowAzureServices 'Microsoft.DBforMySQL/flexibleServers/firewallRules@2024-12-30' = {
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
