// Package logging owns Bulkhead's debug.log: Bitcoin Core's debug
// categories (-debug, -debugexclude), levels (-loglevel, with trace below
// slog's debug), Core's line format, and the one shared writer that every
// logger handed out by Logger writes through, straight to the file.
//
// There is no package-level logger: main builds one *Logging from the
// parsed arguments (ConfigFromArgs, New) and hands each package the
// *slog.Logger for its category.
//
// This package imports only the standard library and common/args. It must
// not import any other Bulkhead package.
package logging
