#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the vspe Linux test initramfs (busybox sh). Markers on the
# console, all starting "VSPE-LINUX: ", tell the host what happened.
# Kernel command line:
#   vspe.mode=boot     boot, print the markers, power off
#   vspe.mode=spe      (default) also load arm_spe_pmu and, when arm_spe_0
#                      exists, perf record the workload and print perf.data
#   vspe.mode=sw       like spe, but where arm_spe_0 is missing record the
#                      software event cpu-clock instead (proves perf, the
#                      console channel and the host checker without SPE)
#   vspe.period=N      SPE sampling interval (perf record -c), default 16384
/bin/busybox mkdir -p /proc /sys /dev /tmp /bin /sbin /usr/bin /usr/sbin
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs dev /dev 2>/dev/null || {
	/bin/busybox mount -t tmpfs dev /dev
	/bin/busybox mknod /dev/console c 5 1
	/bin/busybox mknod /dev/null c 1 3
}
# The kernel may have found no /dev/console before /dev was mounted.
exec </dev/console >/dev/console 2>&1
/bin/busybox --install -s
export PATH=/usr/bin:/bin:/usr/sbin:/sbin
mount -t sysfs sys /sys
mount -t tmpfs tmp /tmp
mount -t debugfs debug /sys/kernel/debug 2>/dev/null
# uptime: guest seconds since boot (virtual time under QEMU -icount), for bench/linux.
up() { cut -d' ' -f1 /proc/uptime; }
echo "VSPE-LINUX: init uptime=$(up)"

mode=spe; period=16384
for a in $(cat /proc/cmdline); do
	case "$a" in
	vspe.mode=*) mode=${a#vspe.mode=};;
	vspe.period=*) period=${a#vspe.period=};;
	esac
done
echo "VSPE-LINUX: mode=$mode cpus=$(grep -c ^processor /proc/cpuinfo) kernel=$(uname -r)"

finish() {
	echo "VSPE-LINUX: poweroff uptime=$(up)"
	sync
	poweroff -f
	sleep 5
}

[ "$mode" = boot ] && finish

# perf and its shared libraries load (and this is the version that records).
echo "VSPE-LINUX: $(perf --version 2>&1 | head -n 1)"

for m in $(cat /lib/modules/load-order); do
	if insmod "/lib/modules/$m"; then
		echo "VSPE-LINUX: insmod $m ok"
	else
		echo "VSPE-LINUX: insmod $m failed"
	fi
done
event="arm_spe_0/ts_enable=1,pa_enable=1/"
if [ ! -d /sys/bus/event_source/devices/arm_spe_0 ]; then
	echo "VSPE-LINUX: no-spe (no /sys/bus/event_source/devices/arm_spe_0)"
	dmesg | grep -i spe | head -n 5
	[ "$mode" = sw ] || finish
	event=cpu-clock; period=20000	# ns: ~20 µs
else
	echo "VSPE-LINUX: spe arm_spe_0 type=$(cat /sys/bus/event_source/devices/arm_spe_0/type)"
fi

# Kernel messages must not break the base64 lines below.
dmesg -n 1
echo "VSPE-LINUX: perf record -e $event -c $period uptime=$(up)"
perf record -N -c "$period" -e "$event" \
	-o /tmp/perf.data -- /workload >/tmp/perf.log 2>&1
rc=$?
head -c 2000 /tmp/perf.log
echo "VSPE-LINUX: perf-rc=$rc uptime=$(up)"
if [ -f /tmp/perf.data ]; then
	size=$(wc -c </tmp/perf.data)
	sum=$(md5sum </tmp/perf.data | cut -d' ' -f1)
	echo "VSPE-LINUX: perf.data begin $size $sum"
	base64 </tmp/perf.data
	echo "VSPE-LINUX: perf.data end"
fi
finish
