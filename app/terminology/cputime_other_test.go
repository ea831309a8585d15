//go:build !unix

package terminology

func cpuMS() float64 { return 0 }
