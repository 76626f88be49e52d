#!/usr/bin/python3
"""Writes test/core-options.txt: the facts about Bitcoin Core's options.

    scripts/core-options.py CORE_GIT_DIR > test/core-options.txt

Reads the option registrations (AddArg, AddHiddenArgs) of Bitcoin Core's
bitcoind, bitcoin-node and bitcoin-wallet from a git directory of Core
(HEAD), as a Linux release build compiles them (ZMQ and the external signer
enabled), and prints one line per option and executable: name, help
category, flags and executables. Only facts are kept, none of Core's help
texts. common/args and init/... tests compare Bulkhead's option tables with
the file.
"""
import re
import subprocess
import sys

# Preprocessor symbols as a Linux release build defines them.
DEFINED = {"HAVE_SYSTEM", "ENABLE_ZMQ", "ENABLE_EXTERNAL_SIGNER", "HAVE_DECL_FORK",
           "HAVE_SOCKADDR_UN", "ENABLE_WALLET", "USE_POLL"}

CATEGORIES = ["OPTIONS", "CONNECTION", "WALLET", "WALLET_DEBUG_TEST", "ZMQ", "DEBUG_TEST",
              "CHAINPARAMS", "NODE_RELAY", "BLOCK_CREATION", "RPC", "GUI", "COMMANDS",
              "REGISTER_COMMANDS", "CLI_COMMANDS", "IPC", "COMMAND_OPTIONS", "HIDDEN"]
FLAGS = {"DEBUG_ONLY": "debug", "NETWORK_ONLY": "network-only", "SENSITIVE": "sensitive",
         "DISALLOW_NEGATION": "no-negation", "DISALLOW_ELISION": "needs-value"}


def show(git, path):
    return subprocess.run(["git", "-C", git, "show", "HEAD:" + path], check=True,
                          capture_output=True, text=True).stdout


def preprocess(src):
    """Drops lines excluded by #if/#ifdef/#ifndef/#else on DEFINED."""
    out, stack = [], []
    for line in src.splitlines():
        s = line.strip()
        m = re.match(r"#\s*(ifdef|ifndef|if|else|elif|endif)\b\s*(.*)", s)
        if m:
            kind, cond = m.groups()
            if kind in ("ifdef", "ifndef", "if"):
                sym = re.sub(r"^defined\s*\(?\s*|\s*\)?\s*$", "", cond.strip())
                on = sym in DEFINED
                if kind == "ifndef":
                    on = not on
                stack.append(on)
            elif kind == "else":
                stack[-1] = not stack[-1]
            elif kind == "endif":
                stack.pop()
            out.append("")
            continue
        out.append(line if all(stack) else "")
    return "\n".join(out)


def function_body(src, name):
    i = src.index(name)
    i = src.index("{", i)
    depth = 0
    for j in range(i, len(src)):
        if src[j] == "{":
            depth += 1
        elif src[j] == "}":
            depth -= 1
            if depth == 0:
                return src[i:j + 1]
    raise ValueError(name)


def calls(body, fn):
    """Yields (offset, argument text) of every call of fn in body."""
    for m in re.finditer(r"\b" + fn + r"\s*\(", body):
        depth, start, j = 0, m.end() - 1, m.end() - 1
        while j < len(body):
            c = body[j]
            if c == '"':
                # Skip the string literal.
                j += 1
                while body[j] != '"':
                    j += 2 if body[j] == "\\" else 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    yield m.start(), body[start + 1:j]
                    break
            j += 1


def option_name(literal):
    return literal.lstrip("-").split("=", 1)[0]


def add_args(body):
    opts = []
    for off, text in calls(body, "AddArg"):
        name = option_name(re.search(r'"([^"]*)"', text).group(1))
        cat = re.search(r"OptionsCategory::(\w+)", text).group(1)
        flags = sorted(FLAGS[f] for f in re.findall(r"ArgsManager::(\w+)", text) if f in FLAGS)
        opts.append((name, cat, flags, off))
    for _, text in calls(body, "AddHiddenArgs"):
        for lit in re.findall(r'"([^"]*)"', text):
            opts.append((option_name(lit), "HIDDEN", [], 0))
    m = re.search(r"hidden_args\s*=\s*\{(.*?)\};", body, re.S)
    if m:
        for lit in re.findall(r'"([^"]*)"', m.group(1)):
            opts.append((option_name(lit), "HIDDEN", [], 0))
    for m in re.finditer(r'hidden_args\.emplace_back\("([^"]*)"\)', body):
        opts.append((option_name(m.group(1)), "HIDDEN", [], 0))
    return opts


def main():
    git = sys.argv[1]
    commit = subprocess.run(["git", "-C", git, "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    init = preprocess(show(git, "src/init.cpp"))
    server_body = function_body(init, "void SetupServerArgs(")
    # -ipcbind is registered only when the executable can listen for IPC
    # (bitcoin-node, not bitcoind).
    ipc_block = re.search(r"if \(can_listen_ipc\) \{(.*?)\n    \}", server_body, re.S).group(1)
    ipc_only = {o[0] for o in add_args(ipc_block)}

    help_opts = add_args(function_body(preprocess(show(git, "src/common/args.cpp")), "void SetupHelpOptions("))
    logging = add_args(function_body(preprocess(show(git, "src/init/common.cpp")), "void AddLoggingArgs("))
    chain = add_args(function_body(preprocess(show(git, "src/chainparamsbase.cpp")), "void SetupChainParamsBaseOptions("))
    wallet = add_args(function_body(preprocess(show(git, "src/wallet/init.cpp")), "void WalletInit::AddWalletOptions("))
    server = add_args(server_body)
    tool = add_args(function_body(preprocess(show(git, "src/bitcoin-wallet.cpp")), "static void SetupWalletToolArgs("))

    exes = {}  # name -> (category, flags, set of executables)

    def add(opts, *names):
        for name, cat, flags, _ in opts:
            key = name
            prev = exes.get(name)
            # bitcoin-wallet registers some options with other facts than
            # the node (-wallet): they get a line of their own.
            if prev and (prev[0], prev[1]) != (cat, flags) and names == ("bitcoin-wallet",):
                key = name + "@bitcoin-wallet"
            exes.setdefault(key, (cat, flags, set()))[2].update(names)

    for opts in (help_opts, logging, chain, server, wallet):
        for o in opts:
            if o[0] in ipc_only:
                add([o], "bitcoin-node")
            else:
                add([o], "bitcoind", "bitcoin-node")
    add(help_opts + chain + tool, "bitcoin-wallet")

    print("# Bitcoin Core's options: facts read by scripts/core-options.py from Bitcoin Core")
    print(f"# {commit} (a Linux release build: ZMQ and the external signer enabled).")
    print("# Each line: name, -help category (Core's OptionsCategory), flags, executables.")
    print("# Flags: debug (listed by -help-debug only), network-only, sensitive, no-negation,")
    print("# needs-value; \"-\" for none. HIDDEN options are accepted but never listed.")
    print("# An option that bitcoin-wallet registers with other facts than the node has a")
    print("# second line for bitcoin-wallet alone.")
    for key in sorted(exes, key=lambda k: (CATEGORIES.index(exes[k][0]), k)):
        cat, flags, where = exes[key]
        name = key.split("@")[0]
        order = ["bitcoind", "bitcoin-node", "bitcoin-wallet"]
        print("\t".join([name, cat, ",".join(flags) or "-", ",".join(e for e in order if e in where)]))


if __name__ == "__main__":
    main()
