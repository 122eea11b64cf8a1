// Package reliability holds no code of its own: its tests prove, across
// packages and against every store adapter, the guarantees a host relies on.
package reliability
