#!/usr/bin/env bash
# Sends one HMAC-signed request to Brikk with curl and openssl.
#
#   BRIKK_URL=http://localhost:3000 BRIKK_KEY_ID=key_... BRIKK_SIGNING_SECRET=brk_sig_... \
#     bash examples/hmac/sign-request.sh [METHOD] [PATH?QUERY] [BODY]
set -euo pipefail

BRIKK_URL="${BRIKK_URL:-http://localhost:3000}"
: "${BRIKK_KEY_ID:?Set BRIKK_KEY_ID}"
: "${BRIKK_SIGNING_SECRET:?Set BRIKK_SIGNING_SECRET (shown once when the key was created)}"
METHOD="${1:-POST}"
PATH_AND_QUERY="${2:-/api/v1/coordination/echo}"
DEFAULT_BODY='{"message":"hello, signed"}'
if [ "$METHOD" = "GET" ]; then DEFAULT_BODY=""; fi
BODY="${3-$DEFAULT_BODY}"

TIMESTAMP="$(date +%s)"
# printf '%s' hashes the body's exact bytes: no trailing newline is added.
BODY_SHA256="$(printf '%s' "$BODY" | openssl dgst -sha256 -hex | awk '{print $NF}')"
CANONICAL="$(printf '%s\n%s\n%s\n%s' "$TIMESTAMP" "$METHOD" "$PATH_AND_QUERY" "$BODY_SHA256")"
SIGNATURE="v1=$(printf '%s' "$CANONICAL" | openssl dgst -sha256 -hmac "$BRIKK_SIGNING_SECRET" -hex | awk '{print $NF}')"

args=(-sS -w '\nHTTP %{http_code}\n' -X "$METHOD" "$BRIKK_URL$PATH_AND_QUERY"
  -H "X-Brikk-Key-Id: $BRIKK_KEY_ID" -H "X-Brikk-Timestamp: $TIMESTAMP" -H "X-Brikk-Signature: $SIGNATURE")
if [ -n "$BODY" ]; then args+=(-H "Content-Type: application/json" --data-binary "$BODY"); fi
output="$(curl "${args[@]}")"
echo "$output"
# Exit non-zero unless the server answered 2xx.
[[ "$(tail -n1 <<<"$output")" =~ ^HTTP\ 2 ]]
