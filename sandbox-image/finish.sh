#!/bin/sh
# Runs inside the image build (both Dockerfiles): the unprivileged user commands run as, and its
# /workspace. The uid is fixed (1000) because the worker starts containers with a numeric user.
set -eu
groupadd --gid 1000 sandbox
useradd --uid 1000 --gid 1000 --create-home --shell /bin/bash sandbox
mkdir -p /workspace
chown sandbox:sandbox /workspace
# python3 -m pip install --user works without --break-system-packages inside the sandbox.
mkdir -p /etc/pip.conf.d
printf '[global]\nbreak-system-packages = true\n' > /etc/pip.conf
# /bin/sh is bash: for `sh -c "./prog"` bash execs the program itself (dash forks and waits),
# so a command that dies from a signal is reported with that signal (SIGSEGV), not exit code 139.
ln -sf bash /bin/sh
# Do not leave build-time helpers behind.
rm -f /tmp/finish.sh
