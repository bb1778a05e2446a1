# Docker's images and containers on the data partition (kept across OS updates, room to grow),
# container logs rotated so they never fill it.
FILESEXTRAPATHS:prepend := "${THISDIR}/files:"
SRC_URI += "file://daemon.json"

do_install:append() {
    install -D -m 0644 ${WORKDIR}/daemon.json ${D}${sysconfdir}/docker/daemon.json
}
FILES:${PN} += "${sysconfdir}/docker/daemon.json"
