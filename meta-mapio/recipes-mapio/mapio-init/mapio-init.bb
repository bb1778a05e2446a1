SUMMARY = "mapio-init: grows the data partition at boot and marks an OTA update good once the system works"
MAPIO_DAEMON = "init"
require recipes-mapio/mapio-daemon.inc

SYSTEMD_SERVICE:${PN} = "mapio-init.service mapio-init-health.service"

# grow: lsblk, sfdisk, partx, blkid, flock (the disk lock), e2fsck + resize2fs; health: rauc.
RDEPENDS:${PN} += "util-linux-lsblk util-linux-sfdisk util-linux-partx util-linux-blkid util-linux-flock coreutils e2fsprogs-e2fsck e2fsprogs-resize2fs rauc"
