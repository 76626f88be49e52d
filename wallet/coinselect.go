package wallet

import (
	"sort"

	"github.com/bulkhead-btc/bulkhead/script/descriptor"
)

// Coin selection: Branch and Bound for a change-less match (Core's
// SelectCoinsBnB), else the smallest single coin that leaves viable
// change, else largest-first accumulation. Confirmed coins are tried
// before unconfirmed change.

const bnbMaxTries = 100_000

// inputVSize is the virtual size of an input spending a wallet output,
// signed with Core's maximum-size dummy signature (68 wpkh, 58 tr).
func inputVSize(t descriptor.OutputType) int64 {
	if t == descriptor.OutputBech32m {
		return 58
	}
	return 68
}

type candidate struct {
	coin Coin
	fee  int64 // cost of spending it at the fee rate
	eff  int64 // value minus fee
}

func candidates(coins []Coin, rate int64, sffo bool) []candidate {
	var out []candidate
	for _, c := range coins {
		fee := feeForSize(rate, inputVSize(c.desc.outputType))
		cd := candidate{coin: c, fee: fee, eff: c.Value - fee}
		if cd.eff <= 0 && !sffo {
			continue
		}
		if sffo {
			cd.eff = c.Value
		}
		out = append(out, cd)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].eff > out[j].eff })
	return out
}

// selectBnB finds a subset whose effective value lies in [target,
// target+costOfChange] with the least excess, or nil.
func selectBnB(cs []candidate, target, costOfChange int64) []int {
	var total int64
	for _, c := range cs {
		total += c.eff
	}
	if total < target {
		return nil
	}
	var best []int
	bestExcess := int64(-1)
	var cur []int
	var curVal int64
	remaining := total
	tries := 0
	var walk func(i int)
	walk = func(i int) {
		if tries++; tries > bnbMaxTries {
			return
		}
		if curVal > target+costOfChange || curVal+remaining < target {
			return
		}
		if curVal >= target {
			if excess := curVal - target; bestExcess < 0 || excess < bestExcess {
				bestExcess = excess
				best = append(best[:0], cur...)
			}
			return
		}
		if i >= len(cs) {
			return
		}
		remaining -= cs[i].eff
		cur = append(cur, i)
		curVal += cs[i].eff
		walk(i + 1)
		cur = cur[:len(cur)-1]
		curVal -= cs[i].eff
		// Skip equivalent coins when excluding (Core's optimisation).
		j := i + 1
		for j < len(cs) && cs[j].eff == cs[i].eff && cs[j].fee == cs[i].fee {
			remaining -= cs[j].eff
			j++
		}
		walk(j)
		for k := i; k < j; k++ {
			remaining += cs[k].eff
		}
	}
	walk(0)
	return best
}

// selectWithChange returns coins covering target+minChange: the smallest
// single such coin, else largest first; when even that cannot reach
// target+minChange it returns coins covering target (change is then
// dropped), or nil.
func selectWithChange(cs []candidate, target, minChange int64) []int {
	want := target + minChange
	single := -1
	for i, c := range cs {
		if c.eff >= want {
			single = i // sorted descending: the last one is the smallest
		}
	}
	if single >= 0 {
		return []int{single}
	}
	var sel []int
	var sum int64
	for i, c := range cs {
		sel = append(sel, i)
		sum += c.eff
		if sum >= want {
			return sel
		}
	}
	if sum >= target {
		return sel
	}
	return nil
}
