#!/bin/bash
# poweroff, halt, shutdown and reboot of a sandboxed VM: they ask its init, through the pipe it
# waits on, to end the VM (which GCE then shows TERMINATED) or to boot it again (which it keeps
# RUNNING), as a guest's own shutdown or reboot does on GCE.
case "$(basename "$0") $*" in
  reboot*|*" -r"*|*"--reboot"*) request=reboot ;;
  *) request=poweroff ;;
esac
echo "$request" > /run/gce/halt
