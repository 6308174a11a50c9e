#!/bin/sh
# Grants the MySQL server's identity the Microsoft Graph application permissions that Entra sign-in
# to Azure Database for MySQL needs (User.Read.All, GroupMember.Read.All, Application.Read.All).
# Granting them takes a Privileged Role Administrator or Global Administrator. Without that role this
# fails (exit 1) and prints the exact commands an administrator can run; the Entra administrator of the
# server is set only after this succeeds (mysql-entra-admin.sh), so a re-run puts things in order.
set -eu

: "${MYSQL_SERVER_IDENTITY_PRINCIPAL_ID:?missing azd output MYSQL_SERVER_IDENTITY_PRINCIPAL_ID}"

graph_app_id="00000003-0000-0000-c000-000000000000"
assignments_url="https://graph.microsoft.com/v1.0/servicePrincipals/${MYSQL_SERVER_IDENTITY_PRINCIPAL_ID}/appRoleAssignments"

if ! graph_sp_id=$(az ad sp show --id "$graph_app_id" --query id -o tsv) || [ -z "$graph_sp_id" ]; then
  echo "error: could not read the Microsoft Graph service principal (az ad sp show --id $graph_app_id); run 'az login' and retry" >&2
  exit 1
fi
# Reading the existing grants may itself be forbidden; then every permission is tried (and reported).
granted=$(az rest --method get --url "$assignments_url" --query "value[].appRoleId" -o tsv 2>/dev/null || true)

missing=""
commands=""
for permission in User.Read.All GroupMember.Read.All Application.Read.All; do
  role_id=$(az ad sp show --id "$graph_app_id" --query "appRoles[?value=='${permission}'].id | [0]" -o tsv)
  if [ -n "$granted" ] && printf '%s\n' "$granted" | grep -qx "$role_id"; then
    echo "Microsoft Graph ${permission}: already granted to the MySQL server identity."
    continue
  fi
  body="{\"principalId\": \"${MYSQL_SERVER_IDENTITY_PRINCIPAL_ID}\", \"resourceId\": \"${graph_sp_id}\", \"appRoleId\": \"${role_id}\"}"
  echo "Granting Microsoft Graph ${permission} to the MySQL server identity..."
  if ! error=$(az rest --method post --url "$assignments_url" --headers "Content-Type=application/json" \
      --body "$body" 2>&1 >/dev/null); then
    # Where the grants could not be read, one an administrator already made is refused as a duplicate: it is there.
    if printf '%s' "$error" | grep -qi "already exists"; then
      echo "Microsoft Graph ${permission}: already granted to the MySQL server identity."
      continue
    fi
    printf '%s\n' "$error" >&2
    missing="$missing $permission"
    commands="${commands}  az rest --method post --url '${assignments_url}' --headers 'Content-Type=application/json' --body '${body}'
"
  fi
done

if [ -n "$missing" ]; then
  cat >&2 <<MSG

error: could not grant Microsoft Graph${missing} to the MySQL server identity
       (object id ${MYSQL_SERVER_IDENTITY_PRINCIPAL_ID}). Granting them takes the Entra role
       Privileged Role Administrator or Global Administrator. Until they are granted, the app
       cannot sign in to MySQL, so the deployment stops here.

Ask an administrator to run (az login as themselves first):

${commands}
or to assign that identity the Entra role "Directory Readers". Then run 'azd provision' again:
it sets the server's Entra administrator after the grant.
MSG
  exit 1
fi
echo "The MySQL server identity can read Microsoft Graph."
