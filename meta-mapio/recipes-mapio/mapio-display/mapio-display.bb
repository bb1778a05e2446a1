SUMMARY = "mapio-display: the e-paper screen and the three buttons"
MAPIO_DAEMON = "display"
require recipes-mapio/mapio-daemon.inc

# sharp (Apache-2.0) and its libvips (LGPL-3.0-or-later) ship prebuilt in node_modules.
LICENSE = "MIT & Apache-2.0 & LGPL-3.0-or-later"
LIC_FILES_CHKSUM = "file://${COMMON_LICENSE_DIR}/MIT;md5=0835ade698e0bcf8506ecda2f7b4f302 \
                    file://${COMMON_LICENSE_DIR}/Apache-2.0;md5=89aea4e17d99a7cacdbeed46a0096b10 \
                    file://${COMMON_LICENSE_DIR}/LGPL-3.0-or-later;md5=c51d3eef3be114124d11349ca0d7e117"

inherit useradd
USERADD_PACKAGES = "${PN}"
GROUPADD_PARAM:${PN} = "--system gpio"
USERADD_PARAM:${PN} = "--system --user-group --no-create-home --home-dir /nonexistent --shell /sbin/nologin --groups gpio,kmem mapio-display"

# fc-match finds the font the views are drawn in; libgpiod tools drive the expander lines.
RDEPENDS:${PN} += "fontconfig-utils ttf-liberation-mono libgpiod-tools mapio-device-access"
