package app

import "fmt"

// The scripts ask spectrumgen itself for completions through urfave/cli's
// --generate-bash-completion flag, so they never go stale.
const bashCompletion = `# bash completion for spectrumgen; load with: source <(spectrumgen completion bash)
_spectrumgen_complete() {
  local cur words
  cur="${COMP_WORDS[COMP_CWORD]}"
  if [[ "$cur" == "-"* ]]; then
    words=$("${COMP_WORDS[@]:0:$COMP_CWORD}" "$cur" --generate-bash-completion 2>/dev/null)
  else
    words=$("${COMP_WORDS[@]:0:$COMP_CWORD}" --generate-bash-completion 2>/dev/null)
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o bashdefault -o default -F _spectrumgen_complete spectrumgen
`

// The zsh script works both sourced and installed as _spectrumgen in a
// folder of $fpath (the .deb and .rpm put it in vendor-completions): zsh
// then runs the file as the body of _spectrumgen, so it completes at once
// instead of only registering itself.
const zshCompletion = `#compdef spectrumgen
# zsh completion for spectrumgen; load with: source <(spectrumgen completion zsh)
# or save it as _spectrumgen in a folder of $fpath.
_spectrumgen() {
  local -a opts
  local cur=${CURRENT:-${#words}}
  if [[ "${words[cur]}" == -* ]]; then
    opts=("${(@f)$(${words[1,cur]} --generate-bash-completion 2>/dev/null)}")
  else
    opts=("${(@f)$(${words[1,cur-1]} --generate-bash-completion 2>/dev/null)}")
  fi
  _describe 'values' opts
}
if [[ "${funcstack[1]}" == _spectrumgen ]]; then
  _spectrumgen "$@"
else
  compdef _spectrumgen spectrumgen
fi
`

// Completion prints the completion script for shell.
func Completion(shell string, s *IO) error {
	switch shell {
	case "bash":
		_, err := fmt.Fprint(s.Out, bashCompletion)
		return err
	case "zsh":
		_, err := fmt.Fprint(s.Out, zshCompletion)
		return err
	}
	return Usagef("completion: name a shell: bash or zsh")
}
