package rpc

import (
	"context"
	"time"
)

// clientName is Core's CLIENT_NAME; stop's reply keeps it so scripts that
// look for "Bitcoin Core stopping" work.
const clientName = "Bitcoin Core"

// StopMessage is the result of the stop method.
const StopMessage = clientName + " stopping"

var helpHelp = "help ( \"command\" )\n\nList all commands, or get help for a specified command.\n" +
	"\nArguments:\n" + FormatSections([]Section{{"1. command", "(string, optional, default=all commands) The command to get help on"}}) +
	"\nResult:\n" + FormatSections([]Section{{`"str"`, "(string) The help text"}})

var stopHelp = "stop\n\nRequest a graceful shutdown of " + clientName + ".\n" +
	"\nResult:\n" + FormatSections([]Section{{`"str"`, "(string) A string with the content '" + StopMessage + "'"}})

var uptimeHelp = "uptime\n\nReturns the total uptime of the server.\n" +
	"\nResult:\n" + FormatSections([]Section{{"n", "(numeric) The number of seconds that the server has been running"}}) +
	"\nExamples:\n" + HelpExampleCli("uptime", "") + HelpExampleRpc("uptime", "")

var getrpcinfoHelp = "getrpcinfo\n\nReturns details of the RPC server.\n" +
	"\nResult:\n" + FormatSections([]Section{
	{"{", "(json object)"},
	{`  "active_commands" : [`, "(json array) All active commands"},
	{"    {", "(json object) Information about an active command"},
	{`      "method" : "str",`, "(string) The name of the RPC command"},
	{`      "duration" : n`, "(numeric) The running time in microseconds"},
	{"    },", ""},
	{"    ...", ""},
	{"  ],", ""},
	{`  "logpath" : "str"`, "(string) The complete file path to the debug log"},
	{"}", ""},
}) +
	"\nExamples:\n" + HelpExampleCli("getrpcinfo", "") + HelpExampleRpc("getrpcinfo", "")

// registerControl adds Core's control methods: help, stop, uptime,
// getrpcinfo.
func (s *Server) registerControl() {
	methods := []Method{
		{
			Name: "help", Category: "control", Help: helpHelp,
			Args:    []Arg{{Name: "command", Type: ArgStr, Optional: true, Default: "all commands", Description: "The command to get help on"}},
			Handler: s.helpMethod,
		},
		{
			Name: "stop", Category: "control", Help: stopHelp,
			Args:    []Arg{{Name: "wait", Type: ArgNum, Optional: true, Hidden: true, Description: "how long to wait in ms"}},
			Handler: s.stopMethod,
		},
		{Name: "uptime", Category: "control", Help: uptimeHelp, Handler: s.uptimeMethod},
		{Name: "getrpcinfo", Category: "control", Help: getrpcinfoHelp, Handler: s.getrpcinfoMethod},
	}
	for _, m := range methods {
		s.table.register(m) //nolint:errcheck // the methods are valid
	}
}

func (s *Server) helpMethod(ctx context.Context, req *Request) (any, error) {
	command, err := req.StringOr(0, "")
	if err != nil {
		return nil, err
	}
	if command == "dump_all_command_conversions" {
		// Used for testing only, undocumented (as Core).
		return s.table.argMap(), nil
	}
	return s.table.help(command), nil
}

func (s *Server) stopMethod(ctx context.Context, req *Request) (any, error) {
	if s.cfg.Shutdown != nil {
		s.cfg.Shutdown()
	}
	if req.Has(0) {
		if ms, err := req.Int(0); err == nil && ms > 0 {
			t := time.NewTimer(time.Duration(ms) * time.Millisecond)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
			}
		}
	}
	return StopMessage, nil
}

func (s *Server) uptimeMethod(ctx context.Context, req *Request) (any, error) {
	return int64(time.Since(s.start) / time.Second), nil
}

type rpcCommandInfo struct {
	Method   string `json:"method"`
	Duration int64  `json:"duration"`
}

type rpcInfo struct {
	ActiveCommands []rpcCommandInfo `json:"active_commands"`
	LogPath        string           `json:"logpath"`
}

func (s *Server) getrpcinfoMethod(ctx context.Context, req *Request) (any, error) {
	info := rpcInfo{ActiveCommands: []rpcCommandInfo{}, LogPath: s.cfg.LogPath}
	now := time.Now()
	for _, c := range s.active.list() {
		info.ActiveCommands = append(info.ActiveCommands, rpcCommandInfo{c.method, now.Sub(c.start).Microseconds()})
	}
	return info, nil
}
