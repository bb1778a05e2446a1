# MAPIO's A/B system: rootfs A = mmcblk1p2, B = mmcblk1p3 (U-Boot picks the slot), verity bundles
# only, checked against the keyring of MAPIO_RAUC_KEY_DIR (see conf/layer.conf).
FILESEXTRAPATHS:prepend := "${THISDIR}/files:"
RAUC_KEYRING_FILE = "ca.cert.pem"
RAUC_KEYRING_URI = "file://${MAPIO_RAUC_KEY_DIR}/ca.cert.pem"
