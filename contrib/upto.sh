# upto's client for a host that has bash and nothing else: source it, then
#
#   upto_new deploy                                   a new run (timeline=ID to name it)
#   upto_start deploy db.migrate host=web1            a step starts
#   upto_end deploy db.migrate status=ok              ... and ends (status, message=..., any key=value)
#   upto_mark deploy released message="v2.3 is out"   an instant
#
# Each call sends one text line (proto/udp-text.md) to $UPTO_SERVER (host:port, default 127.0.0.1:8123) over
# bash's /dev/udp, with the time it was made, and signs it (proto/udp-signature.md, with openssl) when
# UPTO_UDP_KEY is set. Like the upto client it never fails the script that calls it: a problem is a warning
# on stderr and the call returns 0.

# upto_send VERB CONTEXT [NAME] [key=value ...]
upto_send() {
  local verb=$1 server=${UPTO_SERVER:-127.0.0.1:8123} line word arg key sig now
  shift
  if [[ $# -lt 1 || ($verb != new && $# -lt 2) ]]; then
    [[ $verb == new ]] && echo "upto: upto_new needs a CONTEXT, like upto_new deploy" >&2
    [[ $verb != new ]] && echo "upto: upto_$verb needs a CONTEXT and a NAME, like upto_$verb deploy db.migrate" >&2
    return 0
  fi
  # the context, and but for a new the name, are words; the rest are key=value
  _upto_word "$1"
  line="$verb $word"
  shift
  if [[ $verb != new ]]; then
    _upto_word "$1"
    line+=" $word"
    shift
  fi
  now=${EPOCHREALTIME/[.,]/}
  if [[ -n $now ]]; then now=${now:0:${#now}-3}.${now:${#now}-3}; else now=$(date +%s%3N); fi
  line+=" time=$now"
  for arg in "$@"; do
    if [[ $arg != ?*=* ]]; then
      echo "upto: ignoring \"$arg\": expected key=value, like status=ok" >&2
      continue
    fi
    _upto_word "${arg%%=*}"
    key=$word
    _upto_word "${arg#*=}"
    line+=" $key=$word"
  done
  if [[ -n $UPTO_UDP_KEY ]]; then
    sig=$(printf %s "$line" | openssl dgst -sha256 -hmac "$UPTO_UDP_KEY" -r 2>/dev/null) || sig=
    sig=${sig%% *}
    if [[ ${#sig} -ne 64 ]]; then
      echo "upto: could not sign with UPTO_UDP_KEY (is openssl installed?): not sent" >&2
      return 0
    fi
    line+=" sig=$sig"
  fi
  if ! printf '%s\n' "$line" 2>/dev/null >"/dev/udp/${server%:*}/${server##*:}"; then
    echo "upto: warning: could not send to $server over UDP" >&2
  fi
  return 0
}

# a word as the text lines quote it
_upto_word() {
  word=${1//\\/\\\\}
  word=${word//\"/\\\"}
  word=${word//$'\n'/\\n}
  word=${word//$'\r'/\\r}
  word=\"${word//$'\t'/\\t}\"
}

upto_new() { upto_send new "$@"; }
upto_start() { upto_send start "$@"; }
upto_end() { upto_send end "$@"; }
upto_mark() { upto_send mark "$@"; }
