#!/bin/bash
# The init of a sandboxed VM (PID 1 of its namespace). As GCE's guest agent does, it runs the
# startup scripts of the metadata (startup-script-url's, fetched by the emulator, then
# startup-script) on every boot and the shutdown scripts when the VM stops; their
# lines go to the serial console, prefixed as google_metadata_script_runner writes them. The
# emulator asks for a stop through the pipe /run/gce/halt, and so do the guest's poweroff and
# reboot (/usr/local/sbin), the latter with the exit status the emulator boots the VM again on.

log() {
  echo "$(date -u '+%b %d %H:%M:%S') $HOSTNAME $*"
}

run_script() {
  [ -s "/run/gce/$1" ] || return 0
  log "google_metadata_script_runner[$$]: Found $1 in metadata."
  bash "/run/gce/$1" 2>&1 | while IFS= read -r line; do log "google_metadata_script_runner[$$]: $1: $line"; done
  log "google_metadata_script_runner[$$]: $1 exit status ${PIPESTATUS[0]}"
}

log "systemd[1]: Hostname set to <$HOSTNAME>."
log "google_guest_agent[$$]: GCE Agent Started (gce-emulator sandbox)."
(run_script startup-script-url; run_script startup-script) &
read -r request < /run/gce/halt
run_script shutdown-script-url
run_script shutdown-script
if [ "$request" = reboot ]; then
  log "reboot: Restarting system"
  exit 11
fi
log "reboot: Power down"
