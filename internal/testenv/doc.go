// Package testenv finds what tests need outside the module: the project root,
// the shared test data beside it (../shared), and external tools. Only tests
// import it.
package testenv
