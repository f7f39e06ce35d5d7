//! Cycle breaking and layer assignment.

/// Which edges to reverse to make the graph acyclic: the back edges of a depth-first search that
/// starts from the sources (in index order), then from any node not yet reached. Edges not
/// `usable` (self-loops, dangling ends) are ignored and never reversed.
pub(super) fn back_edges(
    node_count: usize,
    edges: &[(usize, usize)],
    usable: &[bool],
) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); node_count];
    let mut has_in = vec![false; node_count];
    for (index, (&(from, to), &ok)) in edges.iter().zip(usable).enumerate() {
        if !ok {
            continue;
        }
        if let Some(list) = out.get_mut(from) {
            list.push((index, to));
        }
        if let Some(flag) = has_in.get_mut(to) {
            *flag = true;
        }
    }
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; node_count];
    let mut reversed = vec![false; edges.len()];
    let roots = (0..node_count)
        .filter(|&n| !has_in.get(n).copied().unwrap_or(false))
        .chain(0..node_count);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in roots {
        if state.get(root) != Some(&NEW) {
            continue;
        }
        if let Some(s) = state.get_mut(root) {
            *s = OPEN;
        }
        stack.push((root, 0));
        while let Some(&(node, next)) = stack.last() {
            match out.get(node).and_then(|list| list.get(next)).copied() {
                Some((edge, target)) => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    match state.get(target).copied() {
                        Some(NEW) => {
                            if let Some(s) = state.get_mut(target) {
                                *s = OPEN;
                            }
                            stack.push((target, 0));
                        }
                        Some(OPEN) => {
                            if let Some(r) = reversed.get_mut(edge) {
                                *r = true;
                            }
                        }
                        _ => {}
                    }
                }
                None => {
                    if let Some(s) = state.get_mut(node) {
                        *s = DONE;
                    }
                    stack.pop();
                }
            }
        }
    }
    reversed
}

/// Layers by longest path from the sources over acyclic `edges` (`None` ones ignored); then each
/// source moves right to just before its nearest successor, and layers start at 0.
pub(super) fn assign(node_count: usize, edges: &[Option<(usize, usize)>]) -> Vec<usize> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    let mut in_degree = vec![0usize; node_count];
    for &(from, to) in edges.iter().flatten() {
        if let Some(list) = out.get_mut(from) {
            list.push(to);
        }
        if let Some(d) = in_degree.get_mut(to) {
            *d += 1;
        }
    }
    let sources: Vec<bool> = in_degree.iter().map(|&d| d == 0).collect();
    let mut rank = vec![0usize; node_count];
    // Kahn's algorithm; the queue is in index order, so the result is deterministic.
    let mut queue: std::collections::VecDeque<usize> = (0..node_count)
        .filter(|&n| in_degree.get(n) == Some(&0))
        .collect();
    while let Some(node) = queue.pop_front() {
        let here = rank.get(node).copied().unwrap_or(0);
        for &next in out.get(node).map_or(&[][..], Vec::as_slice) {
            if let Some(r) = rank.get_mut(next) {
                *r = (*r).max(here + 1);
            }
            if let Some(d) = in_degree.get_mut(next) {
                *d = d.saturating_sub(1);
                if *d == 0 {
                    queue.push_back(next);
                }
            }
        }
    }
    for node in 0..node_count {
        if !sources.get(node).copied().unwrap_or(false) {
            continue;
        }
        let nearest = out
            .get(node)
            .into_iter()
            .flatten()
            .filter_map(|&next| rank.get(next).copied())
            .min();
        if let (Some(nearest), Some(r)) = (nearest, rank.get_mut(node)) {
            *r = nearest.saturating_sub(1).max(*r);
        }
    }
    let lowest = rank.iter().copied().min().unwrap_or(0);
    rank.iter().map(|r| r - lowest).collect()
}
