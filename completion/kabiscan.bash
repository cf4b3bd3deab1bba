# bash completion for kabiscan                             -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2207 # COMPREPLY=($(compgen ...)) is the idiom
#
# Commands come from `kabiscan --help`, and each command's options and what
# their values are from `kabiscan CMD --help`, which prints the option table
# the parser reads: a new option completes with no change here. Type names
# after -t come from `kabiscan names` over the kernels already on the
# command line (quick once the scan cache holds them).

# _kabiscan_commands KABISCAN: the command names of `kabiscan --help`.
_kabiscan_commands()
{
    "$1" --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# _kabiscan_options KABISCAN CMD: "--long ARG" or "--long", and "-s ARG" or
# "-s", one a line, from the command's --help.
_kabiscan_options()
{
    "$1" "$2" --help 2>/dev/null | sed -n -e 's/^ *//' -e 's/  .*//' \
        -e 's/^\(-[a-zA-Z]\), \(--[a-z][a-z-]*\)\(.*\)/\1\3\n\2\3/p' \
        -e 's/^\(--[a-z][a-z-]*.*\)/\1/p'
}

_kabiscan()
{
    local cur prev words cword split
    _init_completion -s || return

    local kabiscan=${words[0]} cmd='' i
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            cmd=${words[i]}
            break
        fi
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help --version -h -V' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_kabiscan_commands "$kabiscan") help" -- "$cur"))
        fi
        return
    fi
    if [[ $cmd == help ]]; then
        COMPREPLY=($(compgen -W "$(_kabiscan_commands "$kabiscan")" -- "$cur"))
        return
    fi

    local opts arg
    opts=$(_kabiscan_options "$kabiscan" "$cmd")
    # The value of the option before the cursor, by what --help names it.
    arg=$(awk -v o="$prev" '$1 == o { print $2; exit }' <<<"$opts")
    if [[ -n $arg ]]; then
        case $arg in
        *'|'*) COMPREPLY=($(compgen -W "${arg//|/ }" -- "$cur")) ;;
        DIR) _filedir -d ;;
        FILE) _filedir ;;
        NAME | GLOB)
            # The kernels given so far: words that are no option or value.
            local kernels=() w j cache=()
            for ((j = i + 1; j < cword; j++)); do
                w=${words[j]}
                if [[ $w == -* ]]; then
                    [[ $w == --cache ]] && cache=(--cache "${words[j + 1]}")
                    [[ $w != *=* && -n $(awk -v o="$w" '$1 == o { print $2 }' <<<"$opts") ]] &&
                        ((j++))
                    continue
                fi
                [[ $w == = ]] && continue
                kernels+=("$w")
            done
            if ((${#kernels[@]} || ${#cache[@]})); then
                COMPREPLY=($(compgen -W "$("$kabiscan" names -q "${cache[@]}" \
                    "${kernels[@]}" -t "$cur*" 2>/dev/null)" -- "$cur"))
            fi
            ;;
        esac
        return
    fi
    $split && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(awk '{ print $1 }' <<<"$opts")" -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
        return
    fi
    if [[ $cmd == cache ]]; then
        # The verb, then for import the shard directories.
        local verb='' v
        for ((v = i + 1; v < cword; v++)); do
            [[ ${words[v]} == @(ls|clear|import) ]] && verb=${words[v]} && break
        done
        case $verb in
        '') COMPREPLY=($(compgen -W "$("$kabiscan" cache --help 2>/dev/null |
            sed -n '1s/^usage: kabiscan cache (\([^)]*\)).*/\1/p' | tr -d '|' |
            sed 's/ [A-Z][A-Z.]*//g')" -- "$cur")) ;;
        import) _filedir -d ;;
        esac
        return
    fi
    _filedir
} &&
    complete -F _kabiscan kabiscan

# ex: filetype=sh
