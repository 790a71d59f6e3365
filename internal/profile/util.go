package profile

import "github.com/spectrumgen/spectrumgen/internal/diag"

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func suggest[T ~string](got string, list []T) string {
	names := make([]string, len(list))
	for i, v := range list {
		names[i] = string(v)
	}
	return diag.Suggest(got, names)
}
