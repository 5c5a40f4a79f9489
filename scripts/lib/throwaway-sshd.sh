# Sourced by scripts/demo and scripts/smoke-published: a throwaway OpenSSH sshd on a free 127.0.0.1 port,
# with its own host key, a client key and authorized_keys in one folder, for the current user.
#   start_throwaway_sshd DIR    sets sshd_port and sshd_pid, writes DIR/known_hosts for NAME (see below),
#                               and stops the sshd when the calling script exits (an EXIT trap).
# DIR/client_ed25519 is the key to log in with; DIR/known_hosts trusts the host key as [localhost]:PORT
# and [127.0.0.1]:PORT, what ssh-keyscan would add after checking the fingerprint.

start_throwaway_sshd() {
  local dir=$1 candidate
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ -f "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C kaya-throwaway-host -f "$dir/host_ed25519"
  [ -f "$dir/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C kaya-throwaway-client -f "$dir/client_ed25519"
  cp "$dir/client_ed25519.pub" "$dir/authorized_keys"
  [ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd   # sshd's privilege separation folder

  # A free port: nothing answers on it.
  sshd_port=
  for _ in $(seq 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then sshd_port=$candidate; break; fi
  done
  [ -n "$sshd_port" ] || { echo "no free port found on 127.0.0.1" >&2; return 1; }

  cat >"$dir/sshd_config" <<CONF
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519
AuthorizedKeysFile $dir/authorized_keys
PidFile none
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AllowTcpForwarding remote
CONF
  /usr/sbin/sshd -D -e -f "$dir/sshd_config" -p "$sshd_port" 2>"$dir/sshd.log" &
  sshd_pid=$!
  trap 'kill $sshd_pid 2>/dev/null; wait $sshd_pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$sshd_port") 2>/dev/null && break; sleep 0.1; done
  (exec 3<>"/dev/tcp/127.0.0.1/$sshd_port") 2>/dev/null || { echo "sshd did not listen on 127.0.0.1:$sshd_port; its log:" >&2; cat "$dir/sshd.log" >&2; return 1; }

  local key
  key=$(cut -d' ' -f1,2 "$dir/host_ed25519.pub")
  printf '[localhost]:%s %s\n[127.0.0.1]:%s %s\n' "$sshd_port" "$key" "$sshd_port" "$key" >"$dir/known_hosts"
}
