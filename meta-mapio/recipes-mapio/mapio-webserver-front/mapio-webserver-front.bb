SUMMARY = "The MAPIO web UI: static files mapio-webserver-back serves on port 8456"
DESCRIPTION = "A single-page app (Vue, every asset bundled: it works on a LAN without internet), \
installed as /usr/share/mapio/webserver-front, mapio-webserver-back's default MAPIO_WEB_ROOT."
require recipes-mapio/mapio-release.inc

# The app is MIT; the icon paths bundled from @mdi/js are Apache-2.0.
LICENSE = "MIT & Apache-2.0"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/MIT;md5=0835ade698e0bcf8506ecda2f7b4f302 \
                    file://${COMMON_LICENSE_DIR}/Apache-2.0;md5=89aea4e17d99a7cacdbeed46a0096b10"

PV = "${MAPIO_WEBSERVER_FRONT_VERSION}"
# Default: the published release (MAPIO_RELEASE_URL); MAPIO_RELEASE_DIR in local.conf: your own release/out.
MAPIO_RELEASE_SRC = "${@('file://' + d.getVar('MAPIO_RELEASE_DIR')) if d.getVar('MAPIO_RELEASE_DIR') else d.getVar('MAPIO_RELEASE_URL')}"
SRC_URI = "${MAPIO_RELEASE_SRC}/mapio-webserver-front-${PV}.tar.gz;name=release;subdir=release"
SRC_URI[release.sha256sum] = "${MAPIO_WEBSERVER_FRONT_SHA256}"
S = "${WORKDIR}/release/mapio-webserver-front"

inherit allarch

do_configure[noexec] = "1"
do_compile[noexec] = "1"

do_install() {
    install -d ${D}${datadir}/mapio/webserver-front
    cp -R --no-preserve=ownership ${S}/. ${D}${datadir}/mapio/webserver-front/
}

FILES:${PN} = "${datadir}/mapio/webserver-front"
