#!/bin/sh
# Post-deploy check, run by postdeploy.sh and safe to run by hand at any time:
#   1. an anonymous request to /api/records is refused by App Service Authentication (401 or 302);
#   2. the blob extension webhook, the one path exempt from sign-in, still answers Event Grid's
#      subscription validation handshake.
# It prints what it found and exits non-zero if the API is open to anyone or the webhook does not answer.
#
# Needs SERVICE_API_URI (azd output) and the blobs_extension key: BLOBS_EXTENSION_KEY, or else
# AZURE_RESOURCE_GROUP and AZURE_FUNCTION_APP_NAME to read it with az. By hand:
#   set -a; eval "$(azd env get-values)"; set +a; sh infra/hooks/check-deployment.sh
set -eu

: "${SERVICE_API_URI:?missing azd output SERVICE_API_URI}"
base=${SERVICE_API_URI%/}
attempts=${CHECK_ATTEMPTS:-6}
delay=${CHECK_RETRY_SECONDS:-10}

if ! command -v curl >/dev/null 2>&1; then
  echo "error: the post-deploy check needs curl" >&2
  exit 1
fi

if [ -z "${BLOBS_EXTENSION_KEY:-}" ]; then
  : "${AZURE_RESOURCE_GROUP:?set BLOBS_EXTENSION_KEY, or AZURE_RESOURCE_GROUP and AZURE_FUNCTION_APP_NAME}"
  : "${AZURE_FUNCTION_APP_NAME:?set BLOBS_EXTENSION_KEY, or AZURE_RESOURCE_GROUP and AZURE_FUNCTION_APP_NAME}"
  BLOBS_EXTENSION_KEY=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" -o tsv)
fi

body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT

# --- 1. anonymous /api/records ---------------------------------------------------------------------
# A fresh deployment may answer 5xx while the host starts; the verdict waits for a real answer.
status=""
attempt=1
while :; do
  status=$(curl -sS -o "$body_file" -w '%{http_code}' --max-time 30 \
    -H 'X-Requested-With: XMLHttpRequest' "$base/api/records" 2>/dev/null || true)
  [ -n "$status" ] || status=000
  case "$status" in
    000 | 5??) ;;
    *) break ;;
  esac
  [ "$attempt" -ge "$attempts" ] && break
  attempt=$((attempt + 1))
  sleep "$delay"
done
echo "Anonymous GET $base/api/records -> HTTP $status"
case "$status" in
  401 | 302)
    # The app answers a caller without a principal with its own JSON error ("code":"unauthorized"); App Service
    # Authentication's refusal has no such body. Either way nobody gets in, but only the platform's sends people
    # to the sign-in page, which is what the docs have disagreed about on Flex Consumption.
    if [ "$status" = "401" ] && grep -q '"code": *"unauthorized"' "$body_file"; then
      cat <<MSG
  warning: the app itself refused the anonymous request, not App Service Authentication: the platform lets
           unauthenticated callers through to the code on this app. Nobody gets in without signing in (the app
           trusts only principal headers the platform sets), but the page will not send people to the sign-in
           page. Check 'az webapp auth show -g <group> -n <app>' (unauthenticatedClientAction RedirectToLoginPage).
MSG
    else
      echo "  ok: App Service Authentication refuses callers who have not signed in."
    fi
    ;;
  2??)
    cat >&2 <<MSG
error: THE API IS OPEN. An anonymous request to /api/records was answered with HTTP $status, so anyone
       on the internet can read and change records. App Service Authentication is not enforcing
       sign-in on this app: check 'az webapp auth show -g <group> -n <app>' (requireAuthentication,
       unauthenticatedClientAction) and do not use the app until this check passes.
MSG
    exit 1
    ;;
  *)
    echo "error: expected 401 or 302 for an anonymous /api/records request, got HTTP $status" >&2
    exit 1
    ;;
esac

# --- 2. Event Grid validation handshake on the blob webhook ----------------------------------------
code="snapledger-check-$(date +%s)-$$"
event='[{"id":"'"$code"'","topic":"snapledger-postdeploy-check","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-01-01T00:00:00Z","metadataVersion":"1","dataVersion":"1","data":{"validationCode":"'"$code"'"}}]'
webhook="$base/runtime/webhooks/blobs?functionName=Host.Functions.on_upload"
status=""
attempt=1
while :; do
  status=$(curl -sS -o "$body_file" -w '%{http_code}' --max-time 30 -X POST \
    -H 'Content-Type: application/json' -H 'aeg-event-type: SubscriptionValidation' \
    --data "$event" "$webhook&code=$BLOBS_EXTENSION_KEY" 2>/dev/null || true)
  [ -n "$status" ] || status=000
  case "$status" in
    000 | 5??) ;;
    *) break ;;
  esac
  [ "$attempt" -ge "$attempts" ] && break
  attempt=$((attempt + 1))
  sleep "$delay"
done
echo "Event Grid validation POST $webhook (key hidden) -> HTTP $status"
if [ "$status" = "200" ] && grep -q "$code" "$body_file"; then
  echo "  ok: the blob webhook answers Event Grid's validation handshake."
else
  echo "error: the blob webhook did not echo the validation code (HTTP $status); uploads would not reach on_upload" >&2
  exit 1
fi
