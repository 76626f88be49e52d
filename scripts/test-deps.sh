#!/usr/bin/env bash
# Installs what the tests need and the machine lacks: Cap'n Proto's compiler
# and C++ library (schema staleness and interop tests), a C++ compiler and
# pkg-config (the C++ interop peer), iproute2 (`ip netns` for the remote IPC
# test), python3-zmq (libzmq as the ZMQ subscriber, under /usr/bin/python3).
# Idempotent; quiet when all is present.
set -euo pipefail

missing=()
command -v capnp >/dev/null || missing+=(capnproto)
pkg-config --exists capnp-rpc 2>/dev/null || missing+=(libcapnp-dev)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v g++ >/dev/null || missing+=(g++)
command -v ip >/dev/null || missing+=(iproute2)
/usr/bin/python3 -c 'import zmq' 2>/dev/null || missing+=(python3-zmq)

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing test dependencies: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "${missing[@]}"; }
fi
