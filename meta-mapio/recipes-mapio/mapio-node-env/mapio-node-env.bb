SUMMARY = "The node flags and environment every MAPIO daemon runs with (/etc/mapio/node.env)"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/MIT;md5=0835ade698e0bcf8506ecda2f7b4f302"

FILESEXTRAPATHS:prepend := "${MAPIO_UNITS_DIR}:"
SRC_URI = "file://mapio-node.env"
INHIBIT_DEFAULT_DEPS = "1"
do_configure[noexec] = "1"
do_compile[noexec] = "1"

do_install() {
    install -D -m 0644 ${WORKDIR}/mapio-node.env ${D}${sysconfdir}/mapio/node.env
}
FILES:${PN} = "${sysconfdir}/mapio/node.env"
