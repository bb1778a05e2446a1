SUMMARY = "Group access to the MAPIO board's devices, so the daemons need not run as root"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/MIT;md5=0835ade698e0bcf8506ecda2f7b4f302"

SRC_URI = "file://60-mapio-devices.rules"
INHIBIT_DEFAULT_DEPS = "1"
do_configure[noexec] = "1"
do_compile[noexec] = "1"

inherit useradd
USERADD_PACKAGES = "${PN}"
GROUPADD_PARAM:${PN} = "--system gpio"

do_install() {
    install -D -m 0644 ${WORKDIR}/60-mapio-devices.rules ${D}${sysconfdir}/udev/rules.d/60-mapio-devices.rules
}
FILES:${PN} = "${sysconfdir}/udev/rules.d"
RDEPENDS:${PN} = "udev"
