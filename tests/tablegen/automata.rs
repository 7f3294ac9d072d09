//! Regular expressions over decimal digits, compiled to deterministic
//! automata at generation time.
//!
//! The library never sees a regular expression: it walks the tables these
//! automata are written into. Two kinds are built:
//!
//! * language automata (`full_match`): does a whole digit string belong to
//!   the pattern? Combined with `product` (intersection, union) and
//!   minimized.
//! * prefix automata (`prefix`): Java's `lookingAt` on a digit string, with
//!   its leftmost-first (backtracking) preference, optionally reporting
//!   where one capture group started and ended. A virtual end-of-input
//!   symbol ([`END`]) implements `$`.

#![allow(dead_code, reason = "each test uses a different part of the module")]

use std::collections::{BTreeSet, HashMap, VecDeque};

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Symbols `0..=9` are the digits; `END` marks the end of the input.
pub(crate) const END: usize = 10;
/// Digits and the end marker.
pub(crate) const SYMBOLS: usize = 11;
/// The dead state of every automaton: no transition leaves it.
pub(crate) const DEAD: u32 = 0;

#[derive(Debug, Clone)]
enum Inst {
    /// Consume a digit in the mask (bit `d` for digit `d`).
    Digit(u16, usize),
    /// Epsilon transitions, in order of preference.
    Split(Vec<usize>),
    /// Record the position in capture slot `.0`.
    Save(usize, usize),
    /// `$`: continue only at the end of the input.
    End(usize),
    Match,
}

/// A Thompson NFA over digits.
#[derive(Debug)]
pub(crate) struct Nfa {
    insts: Vec<Inst>,
    start: usize,
    /// Number of explicit capture groups.
    pub(crate) groups: usize,
}

impl Nfa {
    /// Parses `pattern` (Java syntax restricted to digits, as the metadata
    /// uses it) into an NFA.
    pub(crate) fn new(pattern: &str) -> Self {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(pattern)
            .unwrap_or_else(|e| panic!("pattern {pattern:?}: {e}"));
        let mut nfa = Nfa {
            insts: vec![Inst::Match],
            start: 0,
            groups: 0,
        };
        nfa.start = nfa.compile(&hir, 0);
        nfa
    }

    fn push(&mut self, inst: Inst) -> usize {
        self.insts.push(inst);
        self.insts.len() - 1
    }

    fn compile(&mut self, hir: &Hir, next: usize) -> usize {
        match hir.kind() {
            HirKind::Empty => next,
            HirKind::Literal(lit) => lit.0.iter().rev().fold(next, |n, &b| {
                assert!(b.is_ascii_digit(), "literal {b:?} is not a digit");
                self.push(Inst::Digit(1 << (b - b'0'), n))
            }),
            HirKind::Class(class) => {
                let mut mask = 0u16;
                match class {
                    Class::Bytes(bytes) => {
                        for range in bytes.ranges() {
                            for b in range.start()..=range.end() {
                                assert!(b.is_ascii_digit(), "class member {b:?} is not a digit");
                                mask |= 1 << (b - b'0');
                            }
                        }
                    }
                    Class::Unicode(chars) => {
                        for range in chars.ranges() {
                            for c in range.start()..=range.end() {
                                assert!(c.is_ascii_digit(), "class member {c:?} is not a digit");
                                mask |= 1 << (c as u8 - b'0');
                            }
                        }
                    }
                }
                self.push(Inst::Digit(mask, next))
            }
            HirKind::Look(look) => match look {
                Look::End | Look::EndLF | Look::EndCRLF => self.push(Inst::End(next)),
                other => panic!("unsupported assertion {other:?}"),
            },
            HirKind::Repetition(rep) => {
                assert!(rep.greedy, "lazy repetition is not used by the metadata");
                let mut entry = match rep.max {
                    None => {
                        let split = self.push(Inst::Split(Vec::new()));
                        let body = self.compile(&rep.sub, split);
                        self.insts[split] = Inst::Split(vec![body, next]);
                        split
                    }
                    Some(max) => {
                        let mut cur = next;
                        for _ in rep.min..max {
                            let body = self.compile(&rep.sub, cur);
                            cur = self.push(Inst::Split(vec![body, next]));
                        }
                        cur
                    }
                };
                for _ in 0..rep.min {
                    entry = self.compile(&rep.sub, entry);
                }
                entry
            }
            HirKind::Capture(cap) => {
                let index = cap.index as usize;
                self.groups = self.groups.max(index);
                let close = self.push(Inst::Save(2 * index + 1, next));
                let body = self.compile(&cap.sub, close);
                self.push(Inst::Save(2 * index, body))
            }
            HirKind::Concat(subs) => subs.iter().rev().fold(next, |n, sub| self.compile(sub, n)),
            HirKind::Alternation(subs) => {
                let targets = subs.iter().map(|sub| self.compile(sub, next)).collect();
                self.push(Inst::Split(targets))
            }
        }
    }
}

/// A deterministic automaton over digits and [`END`]. State 0 is dead.
/// A label of 0 means "no match"; other labels are given by the builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dfa {
    pub(crate) trans: Vec<[u32; SYMBOLS]>,
    pub(crate) label: Vec<u32>,
    pub(crate) start: u32,
}

impl Dfa {
    fn with_dead() -> Self {
        Dfa {
            trans: vec![[DEAD; SYMBOLS]],
            label: vec![0],
            start: DEAD,
        }
    }

    fn add_state(&mut self, label: u32) -> u32 {
        self.trans.push([DEAD; SYMBOLS]);
        self.label.push(label);
        u32::try_from(self.trans.len() - 1).expect("state count")
    }

    pub(crate) fn len(&self) -> usize {
        self.trans.len()
    }

    /// Does the whole of `digits` belong to the language (label ≠ 0)?
    pub(crate) fn accepts(&self, digits: &[u8]) -> bool {
        let mut s = self.start;
        for &d in digits {
            s = self.trans[s as usize][usize::from(d)];
        }
        self.label[s as usize] != 0
    }

    /// A shortest digit string the language automaton accepts, if any.
    pub(crate) fn shortest_accepted(&self) -> Option<Vec<u8>> {
        let mut previous: HashMap<u32, (u32, u8)> = HashMap::new();
        let mut queue = VecDeque::from([self.start]);
        let mut seen = BTreeSet::from([self.start]);
        while let Some(s) = queue.pop_front() {
            if self.label[s as usize] != 0 {
                let mut digits = Vec::new();
                let mut at = s;
                while let Some(&(from, d)) = previous.get(&at) {
                    digits.push(d);
                    at = from;
                }
                digits.reverse();
                return Some(digits);
            }
            for d in 0..10u8 {
                let t = self.trans[s as usize][usize::from(d)];
                if t != DEAD && seen.insert(t) {
                    previous.insert(t, (s, d));
                    queue.push_back(t);
                }
            }
        }
        None
    }

    /// The automaton accepting exactly the digit strings whose length is in `lengths`.
    pub(crate) fn lengths(lengths: &[u8]) -> Self {
        let max = usize::from(*lengths.iter().max().unwrap_or(&0));
        let mut dfa = Dfa::with_dead();
        let states: Vec<u32> = (0..=max)
            .map(|len| dfa.add_state(u32::from(lengths.contains(&(len as u8)))))
            .collect();
        for len in 0..max {
            for d in 0..10 {
                dfa.trans[states[len] as usize][d] = states[len + 1];
            }
        }
        dfa.start = states[0];
        dfa
    }

    /// The language automaton of a whole-string match of `pattern`.
    pub(crate) fn full_match(pattern: &str) -> Self {
        let nfa = Nfa::new(pattern);
        let closure = |seeds: &[usize]| -> BTreeSet<usize> {
            let mut out = BTreeSet::new();
            let mut stack: Vec<usize> = seeds.to_vec();
            let mut seen = BTreeSet::new();
            while let Some(pc) = stack.pop() {
                if !seen.insert(pc) {
                    continue;
                }
                match &nfa.insts[pc] {
                    Inst::Split(targets) => stack.extend(targets.iter().rev()),
                    Inst::Save(_, n) => stack.push(*n),
                    Inst::End(_) => panic!("`$` in a whole-number pattern"),
                    Inst::Digit(..) | Inst::Match => {
                        out.insert(pc);
                    }
                }
            }
            out
        };
        let mut dfa = Dfa::with_dead();
        let mut ids: HashMap<BTreeSet<usize>, u32> = HashMap::new();
        let mut queue = VecDeque::new();
        let start = closure(&[nfa.start]);
        let accept = |set: &BTreeSet<usize>| {
            u32::from(set.iter().any(|&pc| matches!(nfa.insts[pc], Inst::Match)))
        };
        dfa.start = dfa.add_state(accept(&start));
        ids.insert(start.clone(), dfa.start);
        queue.push_back(start);
        while let Some(set) = queue.pop_front() {
            let from = ids[&set];
            for d in 0..10u16 {
                let seeds: Vec<usize> = set
                    .iter()
                    .filter_map(|&pc| match nfa.insts[pc] {
                        Inst::Digit(mask, n) if mask & (1 << d) != 0 => Some(n),
                        _ => None,
                    })
                    .collect();
                if seeds.is_empty() {
                    continue;
                }
                let next = closure(&seeds);
                let to = match ids.get(&next) {
                    Some(&id) => id,
                    None => {
                        let id = dfa.add_state(accept(&next));
                        ids.insert(next.clone(), id);
                        queue.push_back(next);
                        id
                    }
                };
                dfa.trans[from as usize][usize::from(d)] = to;
            }
        }
        dfa.minimize()
    }

    /// The product automaton; a state accepts when `op` of the two accepts.
    pub(crate) fn product(&self, other: &Dfa, op: fn(bool, bool) -> bool) -> Dfa {
        self.combine(other, |a, b| u32::from(op(a != 0, b != 0)))
    }

    /// The product automaton; a state's label is `op` of the two labels
    /// (`op(0, 0)` must be 0).
    pub(crate) fn combine(&self, other: &Dfa, op: impl Fn(u32, u32) -> u32) -> Dfa {
        let mut dfa = Dfa::with_dead();
        let mut ids: HashMap<(u32, u32), u32> = HashMap::new();
        // The pair of dead states is the dead state.
        ids.insert((DEAD, DEAD), DEAD);
        let mut queue = VecDeque::new();
        let label = |a: u32, b: u32| op(self.label[a as usize], other.label[b as usize]);
        let start = (self.start, other.start);
        if start != (DEAD, DEAD) {
            dfa.start = dfa.add_state(label(start.0, start.1));
            ids.insert(start, dfa.start);
            queue.push_back(start);
        }
        while let Some((a, b)) = queue.pop_front() {
            let from = ids[&(a, b)];
            for d in 0..10 {
                let pair = (self.trans[a as usize][d], other.trans[b as usize][d]);
                let to = match ids.get(&pair) {
                    Some(&id) => id,
                    None => {
                        let id = dfa.add_state(label(pair.0, pair.1));
                        ids.insert(pair, id);
                        queue.push_back(pair);
                        id
                    }
                };
                dfa.trans[from as usize][d] = to;
            }
        }
        dfa.minimize()
    }

    pub(crate) fn intersect(&self, other: &Dfa) -> Dfa {
        self.product(other, |a, b| a && b)
    }

    pub(crate) fn union(&self, other: &Dfa) -> Dfa {
        self.product(other, |a, b| a || b)
    }

    /// The same automaton with every accepting state labelled `label`.
    pub(crate) fn relabel(&self, label: u32) -> Dfa {
        let mut dfa = self.clone();
        for l in &mut dfa.label {
            if *l != 0 {
                *l = label;
            }
        }
        dfa
    }

    /// The minimal automaton with the same labelled behaviour (Moore's
    /// partition refinement), states renumbered breadth-first from the
    /// start, unreachable and non-co-reachable states removed.
    pub(crate) fn minimize(&self) -> Dfa {
        let (mut dfa, starts) = self.minimize_from(&[self.start]);
        dfa.start = starts[0];
        dfa
    }

    /// Puts several automata into one, sharing every state whose behaviour
    /// is the same: returns the pool and the start state of each input.
    pub(crate) fn pool(dfas: &[&Dfa]) -> (Dfa, Vec<u32>) {
        let mut all = Dfa::with_dead();
        let mut starts = Vec::new();
        for dfa in dfas {
            let offset = all.len() as u32 - 1;
            let shift = |s: u32| if s == DEAD { DEAD } else { s + offset };
            for s in 1..dfa.len() {
                let mut row = dfa.trans[s];
                for t in &mut row {
                    *t = shift(*t);
                }
                all.trans.push(row);
                all.label.push(dfa.label[s]);
            }
            starts.push(shift(dfa.start));
        }
        all.minimize_from(&starts)
    }

    /// Renumbers the states so that every labelled state comes after every
    /// unlabelled one (the dead state stays 0): "does this state report a
    /// match" is then one comparison. Returns the automaton and `roots` renumbered.
    pub(crate) fn labelled_last(&self, roots: &[u32]) -> (Dfa, Vec<u32>) {
        let order: Vec<usize> = (0..self.len())
            .filter(|&s| s == 0 || self.label[s] == 0)
            .chain((1..self.len()).filter(|&s| self.label[s] != 0))
            .collect();
        let mut new_id = vec![0u32; self.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = new as u32;
        }
        let out = Dfa {
            trans: order
                .iter()
                .map(|&old| self.trans[old].map(|t| new_id[t as usize]))
                .collect(),
            label: order.iter().map(|&old| self.label[old]).collect(),
            start: new_id[self.start as usize],
        };
        (out, roots.iter().map(|&r| new_id[r as usize]).collect())
    }

    fn minimize_from(&self, roots: &[u32]) -> (Dfa, Vec<u32>) {
        // States from which no labelled state can be reached behave like the dead state.
        let n = self.len();
        let mut live = vec![false; n];
        for (s, &l) in self.label.iter().enumerate() {
            live[s] = l != 0;
        }
        loop {
            let mut changed = false;
            for s in 0..n {
                if !live[s] && self.trans[s].iter().any(|&t| live[t as usize]) {
                    live[s] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        // Initial partition: dead-like states together, others by label.
        let mut class: Vec<u32> = (0..n)
            .map(|s| if live[s] { self.label[s] + 1 } else { 0 })
            .collect();
        loop {
            let mut sig_ids: HashMap<(u32, [u32; SYMBOLS]), u32> = HashMap::new();
            // Keep class 0 for the dead-like states.
            sig_ids.insert((0, [0; SYMBOLS]), 0);
            let mut next = vec![0u32; n];
            for s in 0..n {
                if !live[s] {
                    continue;
                }
                let mut sig = [0u32; SYMBOLS];
                for (k, &t) in self.trans[s].iter().enumerate() {
                    sig[k] = if live[t as usize] {
                        class[t as usize]
                    } else {
                        0
                    };
                }
                let key = (class[s], sig);
                let fresh = sig_ids.len() as u32;
                next[s] = *sig_ids.entry(key).or_insert(fresh);
            }
            let before = class.iter().collect::<BTreeSet<_>>().len();
            let after = next.iter().collect::<BTreeSet<_>>().len();
            class = next;
            if before == after {
                break;
            }
        }
        // Renumber breadth-first from the roots.
        let mut out = Dfa::with_dead();
        let mut ids: HashMap<u32, u32> = HashMap::new();
        ids.insert(0, DEAD);
        let mut queue = VecDeque::new();
        let mut starts = Vec::new();
        for &root in roots {
            let c = if live[root as usize] {
                class[root as usize]
            } else {
                0
            };
            let id = match ids.get(&c) {
                Some(&id) => id,
                None => {
                    let id = out.add_state(self.label[root as usize]);
                    ids.insert(c, id);
                    queue.push_back(root);
                    id
                }
            };
            starts.push(id);
        }
        while let Some(s) = queue.pop_front() {
            let from = ids[&class[s as usize]];
            for k in 0..SYMBOLS {
                let t = self.trans[s as usize][k];
                let c = if live[t as usize] {
                    class[t as usize]
                } else {
                    0
                };
                let to = match ids.get(&c) {
                    Some(&id) => id,
                    None => {
                        let id = out.add_state(self.label[t as usize]);
                        ids.insert(c, id);
                        queue.push_back(t);
                        id
                    }
                };
                out.trans[from as usize][k] = to;
            }
        }
        (out, starts)
    }
}

/// What a prefix automaton reports in a matching state: the match ends
/// here, and the tracked capture group spans `start_back..end_back` digits
/// before the match end (both `None` when the group took no part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PrefixMatch {
    pub(crate) group: Option<(u8, u8)>,
}

impl PrefixMatch {
    /// Label encoding used in [`Dfa::label`]: 0 no match, 1 match without
    /// the group, `2 + (start_back << 5 | end_back)` match with it.
    pub(crate) fn label(self) -> u32 {
        match self.group {
            None => 1,
            Some((start, end)) => 2 + ((u32::from(start) << 5) | u32::from(end)),
        }
    }

    pub(crate) fn from_label(label: u32) -> Option<Self> {
        match label {
            0 => None,
            1 => Some(PrefixMatch { group: None }),
            l => Some(PrefixMatch {
                group: Some((((l - 2) >> 5) as u8, ((l - 2) & 31) as u8)),
            }),
        }
    }
}

type Thread = (usize, Option<u8>, Option<u8>);

/// The prefix automaton of `pattern` with Java `lookingAt` semantics,
/// tracking capture group `group` if given.
///
/// Walk it over the digits, remember the last state with a label, and at
/// the end of the input take the [`END`] transition once more: the last
/// label seen is the leftmost-first match.
pub(crate) fn prefix(pattern: &str, group: Option<usize>) -> Dfa {
    let nfa = Nfa::new(pattern);
    let slots = group.map(|g| (2 * g, 2 * g + 1));
    let add = |list: &mut Vec<Thread>,
               seen: &mut BTreeSet<usize>,
               pc: usize,
               caps: (Option<u8>, Option<u8>),
               at_end: bool| {
        let mut stack = vec![(pc, caps)];
        while let Some((pc, caps)) = stack.pop() {
            if !seen.insert(pc) {
                continue;
            }
            match &nfa.insts[pc] {
                Inst::Split(targets) => {
                    for &t in targets.iter().rev() {
                        stack.push((t, caps));
                    }
                }
                Inst::Save(slot, n) => {
                    let mut caps = caps;
                    if let Some((open, close)) = slots {
                        if *slot == open {
                            caps = (Some(0), None);
                        } else if *slot == close {
                            caps.1 = Some(0);
                        }
                    }
                    stack.push((*n, caps));
                }
                Inst::End(n) if at_end => stack.push((*n, caps)),
                Inst::End(_) | Inst::Digit(..) | Inst::Match => list.push((pc, caps.0, caps.1)),
            }
        }
    };
    // Keep threads up to and including the first match: lower-preference
    // threads can never win any more.
    let finish = |mut list: Vec<Thread>| -> (Vec<Thread>, u32) {
        let label = match list
            .iter()
            .position(|&(pc, ..)| matches!(nfa.insts[pc], Inst::Match))
        {
            Some(i) => {
                list.truncate(i + 1);
                let (_, start, end) = list[i];
                let group = match (start, end) {
                    (Some(s), Some(e)) => Some((s, e)),
                    _ => None,
                };
                PrefixMatch { group }.label()
            }
            None => 0,
        };
        (list, label)
    };
    let mut dfa = Dfa::with_dead();
    let mut ids: HashMap<Vec<Thread>, u32> = HashMap::new();
    let mut queue = VecDeque::new();
    let mut start = Vec::new();
    add(
        &mut start,
        &mut BTreeSet::new(),
        nfa.start,
        (None, None),
        false,
    );
    let (start, label) = finish(start);
    dfa.start = dfa.add_state(label);
    ids.insert(start.clone(), dfa.start);
    queue.push_back(start);
    while let Some(list) = queue.pop_front() {
        let from = ids[&list];
        for symbol in 0..SYMBOLS {
            let mut next = Vec::new();
            let mut seen = BTreeSet::new();
            for &(pc, start, end) in &list {
                match nfa.insts[pc] {
                    Inst::Digit(mask, n) if symbol < END && mask & (1 << symbol) != 0 => {
                        let age = |a: Option<u8>| a.map(|a| a + 1);
                        add(&mut next, &mut seen, n, (age(start), age(end)), false);
                    }
                    Inst::End(n) if symbol == END => {
                        add(&mut next, &mut seen, n, (start, end), true)
                    }
                    _ => {}
                }
            }
            if next.is_empty() {
                continue;
            }
            let (next, label) = finish(next);
            let to = match ids.get(&next) {
                Some(&id) => id,
                None => {
                    let id = dfa.add_state(label);
                    ids.insert(next.clone(), id);
                    queue.push_back(next);
                    id
                }
            };
            dfa.trans[from as usize][symbol] = to;
        }
    }
    dfa.minimize()
}

/// Runs a prefix automaton: the end of the leftmost-first match and what it reports.
pub(crate) fn run_prefix(dfa: &Dfa, digits: &[u8]) -> Option<(usize, PrefixMatch)> {
    let mut s = dfa.start;
    let mut last = PrefixMatch::from_label(dfa.label[s as usize]).map(|m| (0, m));
    for (i, &d) in digits.iter().enumerate() {
        s = dfa.trans[s as usize][usize::from(d)];
        if s == DEAD {
            return last;
        }
        if let Some(m) = PrefixMatch::from_label(dfa.label[s as usize]) {
            last = Some((i + 1, m));
        }
    }
    let s = dfa.trans[s as usize][END];
    if let Some(m) = PrefixMatch::from_label(dfa.label[s as usize]) {
        last = Some((digits.len(), m));
    }
    last
}
