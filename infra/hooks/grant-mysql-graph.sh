#!/bin/sh
# Grants the MySQL server's identity the Microsoft Graph application permissions that Entra sign-in
# to Azure Database for MySQL needs (User.Read.All, GroupMember.Read.All, Application.Read.All).
# Granting them takes a Privileged Role Administrator or Global Administrator; without that role it
# prints what to ask an administrator for and leaves the rest of the deployment alone.
set -eu

: "${MYSQL_SERVER_IDENTITY_PRINCIPAL_ID:?missing azd output MYSQL_SERVER_IDENTITY_PRINCIPAL_ID}"

graph_app_id="00000003-0000-0000-c000-000000000000"
graph_sp_id=$(az ad sp show --id "$graph_app_id" --query id -o tsv)
assignments_url="https://graph.microsoft.com/v1.0/servicePrincipals/${MYSQL_SERVER_IDENTITY_PRINCIPAL_ID}/appRoleAssignments"
granted=$(az rest --method get --url "$assignments_url" --query "value[].appRoleId" -o tsv 2>/dev/null || true)

missing=""
for permission in User.Read.All GroupMember.Read.All Application.Read.All; do
  role_id=$(az ad sp show --id "$graph_app_id" --query "appRoles[?value=='${permission}'].id | [0]" -o tsv)
  if printf '%s\n' "$granted" | grep -qx "$role_id"; then
    continue
  fi
  echo "Granting Microsoft Graph ${permission} to the MySQL server identity..."
  if ! az rest --method post --url "$assignments_url" --headers "Content-Type=application/json" \
      --body "{\"principalId\": \"${MYSQL_SERVER_IDENTITY_PRINCIPAL_ID}\", \"resourceId\": \"${graph_sp_id}\", \"appRoleId\": \"${role_id}\"}" \
      >/dev/null; then
    missing="$missing $permission"
  fi
done

if [ -n "$missing" ]; then
  cat >&2 <<MSG
warning: could not grant Microsoft Graph${missing} to the MySQL server identity
         (object id ${MYSQL_SERVER_IDENTITY_PRINCIPAL_ID}). Until an administrator grants them, or
         assigns that identity the Entra role "Directory Readers", the app cannot sign in to MySQL.
         An administrator can re-run: sh infra/hooks/grant-mysql-graph.sh  (with azd env values loaded)
MSG
fi
