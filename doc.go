// Package bulkhead is the root of Bulkhead, a Bitcoin node, wallet and GUI
// whose parts run in one process or in several, meeting at the Go interfaces
// of package interfaces. The root package holds no code: its tests check the
// repository-wide rules of docs/architecture.md (package docs, import
// boundaries, which packages each executable may link).
package bulkhead
