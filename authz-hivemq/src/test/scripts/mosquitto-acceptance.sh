#!/usr/bin/env bash
# The acceptance checks of the one-command broker with Mosquitto's own clients (issue 22,
# docs/hivemq.md). Needs a running authz-broker serving src/test/resources/e2e/policy.yaml
# (copied to $POLICY, which this script edits for the live narrowing) with e2e/attributes.yaml,
# on 127.0.0.1:$PORT. Prints each check; exits 1 at the first that fails.
set -uo pipefail
: "${PORT:?set PORT to the port of the broker}" "${POLICY:?set POLICY to the policy file the broker follows}"
H=(-h 127.0.0.1 -p "$PORT")
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT

fail() { echo "FAIL: $1"; shift; printf '  | %s\n' "$@"; exit 1; }
pass() { echo "ok: $1"; }
expect() { # name, output, pattern
  grep -qE -- "$3" <<<"$2" || fail "$1" "expected /$3/ in:" "$2"
  pass "$1"
}
pub() { timeout 20 mosquitto_pub "${H[@]}" -d "$@" 2>&1; }
sub() { timeout 30 mosquitto_sub "${H[@]}" -d -E -W 20 "$@" 2>&1; }  # -E: exit once subscribed
wait_for() { # file, pattern: bounded wait for a background client's output
  for _ in $(seq 1 200); do grep -qE -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

# Subscribe: the allowed filter granted, '#' refused with 0x87 (MQTT 5) and 0x80 (3.1.1).
expect "MQTT 5 allowed subscribe granted, '#' refused with 0x87" \
  "$(sub -V 5 -i watcher-5 -t 'devices/#' -t '#')" 'Subscribed \(mid: [0-9]+\): 0, 135'
expect "MQTT 3.1.1 allowed subscribe granted, '#' refused with 0x80" \
  "$(sub -V mqttv311 -i watcher-3 -t 'devices/#' -t '#')" 'Subscribed \(mid: [0-9]+\): 0, 128'

# A watcher receives only the allowed message.
stdbuf -oL mosquitto_sub "${H[@]}" -V 5 -i watcher-5 -t 'devices/#' -v -d > "$work/watcher.txt" 2>&1 &
pids+=($!)
wait_for "$work/watcher.txt" 'Subscribed' || fail "watcher subscribed" "$(cat "$work/watcher.txt")"

out=$(pub -V 5 -i dev-1 -t devices/dev-1/ok -m allowed -q 1)
expect "allowed QoS 1 publish acknowledged with success" "$out" 'received PUBACK \(Mid: 1, RC:(0|16)\)'

out=$(pub -V 5 -i dev-1 -t devices/dev-2/x -m denied -q 1 --repeat 2 --repeat-delay 0.2)
expect "publish into another device's topic gets PUBACK 0x87" "$out" 'received PUBACK \(Mid: 1, RC:135\)'
expect "... and the connection stays (a second publish on it gets its PUBACK)" "$out" 'received PUBACK \(Mid: 2, RC:135\)'
[ "$(grep -c 'sending CONNECT' <<<"$out")" = 1 ] || fail "one connection only" "$out"

out=$(pub -V mqttv311 -i dev-1 -t devices/dev-2/x -m denied311 -q 1)
expect "a denied 3.1.1 QoS 1 publish still gets a PUBACK" "$out" 'received PUBACK \(Mid: 1(, RC:0)?\)'
expect "... and the client disconnects normally" "$out" 'sending DISCONNECT'

pub -V 5 -i dev-1 -t devices/dev-1/last -m last -q 1 > /dev/null
wait_for "$work/watcher.txt" 'devices/dev-1/last last' || fail "watcher got the last message" "$(cat "$work/watcher.txt")"
grep -q 'devices/dev-1/ok allowed' "$work/watcher.txt" || fail "watcher got the allowed message" "$(cat "$work/watcher.txt")"
! grep -q 'denied' "$work/watcher.txt" || fail "the subscriber receives only the allowed messages" "$(cat "$work/watcher.txt")"
pass "the subscriber receives only the allowed messages"

# An unknown client is refused: CONNACK 0x87 (MQTT 5), return code 5 (3.1.1).
expect "unknown client refused with 0x87 (MQTT 5)" "$(pub -V 5 -i stranger -t x -m x)" 'received CONNACK \(135\)'
expect "unknown client refused with return code 5 (3.1.1)" "$(pub -V mqttv311 -i stranger -t x -m x)" 'received CONNACK \(5\)'

# Client ID '#' (a device by the attribute file) gets nothing.
expect "client ID '#' may not subscribe to devices/#" "$(sub -V 5 -i '#' -t 'devices/#')" 'Subscribed \(mid: [0-9]+\): 135'
expect "client ID '#' may not publish to a device topic" "$(pub -V 5 -i '#' -t devices/dev-1/x -m x -q 1)" 'RC:135'

# A live narrowing: late-5 loses its access and is disconnected; watcher-5 stays connected.
stdbuf -oL mosquitto_sub "${H[@]}" -V 5 -i late-5 -t 'devices/#' -v -d > "$work/late.txt" 2>&1 &
late=$!
pids+=($late)
wait_for "$work/late.txt" 'Subscribed' || fail "late-5 subscribed" "$(cat "$work/late.txt")"
sed -i 's/"late-5", //' "$POLICY"
wait_for "$work/late.txt" 'DISCONNECT|Not authorized|not authori' || fail "late-5 disconnected by the narrowing" "$(cat "$work/late.txt")"
pass "a live narrowing disconnects the client that may no longer connect"
pub -V 5 -i dev-1 -t devices/dev-1/after -m after -q 1 > /dev/null
wait_for "$work/watcher.txt" 'devices/dev-1/after after' || fail "watcher-5 still connected and receiving" "$(cat "$work/watcher.txt")"
! grep -q 'devices/dev-1/after' "$work/late.txt" || fail "late-5 got nothing after the narrowing" "$(cat "$work/late.txt")"
[ "$(grep -c 'sending CONNECT' "$work/watcher.txt")" = 1 ] || fail "watcher-5 kept its connection" "$(cat "$work/watcher.txt")"
pass "a live narrowing keeps unaffected clients connected"
echo "all mosquitto checks passed"
