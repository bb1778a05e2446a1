SUMMARY = "Mounts an NVMe SSD on /usr/local/nvme on first access (boot never waits for a missing SSD)"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/MIT;md5=0835ade698e0bcf8506ecda2f7b4f302"

FILESEXTRAPATHS:prepend := "${MAPIO_UNITS_DIR}:"
SRC_URI = "file://usr-local-nvme.mount file://usr-local-nvme.automount"
INHIBIT_DEFAULT_DEPS = "1"
do_configure[noexec] = "1"
do_compile[noexec] = "1"

inherit systemd
SYSTEMD_SERVICE:${PN} = "usr-local-nvme.automount"

do_install() {
    install -d ${D}${systemd_system_unitdir}
    install -m 0644 ${WORKDIR}/usr-local-nvme.mount ${WORKDIR}/usr-local-nvme.automount ${D}${systemd_system_unitdir}/
}
FILES:${PN} = "${systemd_system_unitdir}"
