import type { CompletionTables, Described } from './tables.js';

/** A single-quoted word for bash and zsh. */
export function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The lookup functions shared by the bash and zsh scripts (both read this `case` syntax). Each
 * prints `value<TAB>description` lines or a `how` word (see CompletionTables).
 */
export function posixTables(t: CompletionTables, shell: 'bash' | 'zsh'): string {
  const describedLines = (items: Described[]) => `printf '%s\\t%s\\n' ${items.map(([v, d]) => `${sq(v)} ${sq(d)}`).join(' ')}`;
  const caseFn = (name: string, comment: string, subject: string, arms: string[]) =>
    [`${name}() {  # ${comment}`, `  case "${subject}" in`, ...arms.map((a) => `    ${a} ;;`), '  esac', '}'].join('\n');
  return [
    caseFn('_obs_subcommands', '$1: command path', '$1', t.subcommands.map((s) => `${sq(s.path)}) ${describedLines(s.items)}`)),
    caseFn('_obs_child', '$1: command path, $2: word -> the subcommand it names', '$1|$2', t.children.map((c) => `${c.words.map((w) => sq(`${c.path}|${w}`)).join('|')}) echo ${sq(c.child)}`)),
    caseFn('_obs_options', "$1: command path -> that command's own options", '$1', t.options.map((o) => `${sq(o.path)}) ${describedLines(o.items)}`)),
    caseFn('_obs_option_value', '$1: command path, $2: option -> how its value completes (nothing: it takes none)', '$1|$2', t.optionValues.map((o) => `${o.flags.flatMap((f) => scopedPatterns(o.path, f)).join('|')}) echo ${sq(o.how)}`)),
    caseFn('_obs_argument', '$1: command path, $2: index of the positional argument -> how it completes', '$1|$2', t.args.map((a) => `${sq(`${a.path}|`)}${a.index === '*' ? '*' : sq(String(a.index))}) echo ${sq(a.how)}`)),
    [
      '_obs_all_options() {  # $1: command path -> its options and those of the commands above it',
      '  local prefix="" word',
      '  _obs_options ""',
      // zsh does not split an unquoted parameter into words unless asked with ${=...}.
      `  for word in ${shell === 'zsh' ? '${=1}' : '$1'}; do`,
      '    prefix="${prefix:+$prefix }$word"',
      '    _obs_options "$prefix"',
      '  done',
      '}',
    ].join('\n'),
  ].join('\n\n');
}

/** `case` patterns matching an option of `path` used at that command or any below it. */
function scopedPatterns(path: string, flag: string): string[] {
  if (path === '') return [`*${sq(`|${flag}`)}`];
  return [sq(`${path}|${flag}`), `${sq(`${path} `)}*${sq(`|${flag}`)}`];
}

/**
 * The body of the loop over the words typed so far, the same in bash and zsh: finds the command
 * path, counts positional arguments, notes an option waiting for its value and keeps the
 * --context/--config-dir given so far for `obs __complete`.
 */
export const walkWords = `    if [[ -n $pending ]]; then
      case "$pending" in -c|--context|--config-dir) global+=("$pending" "$word") ;; esac
      pending=''
      continue
    fi
    case "$word" in
      --*=*|--) ;;
      -*) [[ -n "$(_obs_option_value "$cmdpath" "$word")" ]] && pending="$word" ;;
      *)
        child="$(_obs_child "$cmdpath" "$word")"
        if [[ -n $child ]]; then cmdpath="$child"; argi=0; else argi=$((argi + 1)); fi
        ;;
    esac
  done
`;
