SUMMARY = "mapio-init: grows the data partition at boot and marks an OTA update good once the system works"
MAPIO_DAEMON = "init"
require recipes-mapio/mapio-daemon.inc

SYSTEMD_SERVICE:${PN} = "mapio-init.service mapio-init-health.service"

# grow: lsblk, sfdisk, partx, resize2fs; health: rauc, and the broker it waits on.
RDEPENDS:${PN} += "util-linux-lsblk util-linux-sfdisk util-linux-partx e2fsprogs-resize2fs rauc"
