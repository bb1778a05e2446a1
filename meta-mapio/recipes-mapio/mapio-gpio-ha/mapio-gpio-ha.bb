SUMMARY = "mapio-gpio-ha: relay, LEDs, battery and Linky in Home Assistant over MQTT"
MAPIO_DAEMON = "gpio-ha"
require recipes-mapio/mapio-daemon.inc

inherit useradd
USERADD_PACKAGES = "${PN}"
GROUPADD_PARAM:${PN} = "--system gpio"
USERADD_PARAM:${PN} = "--system --user-group --no-create-home --home-dir /nonexistent --shell /sbin/nologin --groups gpio,dialout,video mapio-gpio-ha"

SRC_URI += "file://mapio-gpio-ha.tmpfiles"
do_install:append() {
    install -D -m 0644 ${WORKDIR}/mapio-gpio-ha.tmpfiles ${D}${nonarch_libdir}/tmpfiles.d/mapio-gpio-ha.conf
}
FILES:${PN} += "${nonarch_libdir}/tmpfiles.d"

# libgpiod tools: charger lines; vcgencmd (raspi-utils): the PMIC; coreutils: stty for the Linky port.
RDEPENDS:${PN} += "libgpiod-tools raspi-utils coreutils mapio-device-access"
