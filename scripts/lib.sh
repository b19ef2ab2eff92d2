# lib.sh: what scripts/quickstart and scripts/check share. Source it from the repository root.
# shellcheck shell=bash

# ccache (when installed) is found by meson at setup; these let clones in other folders share it.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true

# Builds the fixture images in the background (or finds them cached on the daemon), so that they
# are ready by the time the compiler is done.
start_fixture_images() {
  mkdir -p build
  fixtures/images/build >build/fixture-images.log 2>&1 &
  images_pid=$!
}

# Waits for start_fixture_images and prints its log; returns its exit status (77: no daemon).
wait_fixture_images() {
  local status=0
  wait "$images_pid" || status=$?
  sed 's/^/  /' build/fixture-images.log
  return "$status"
}
