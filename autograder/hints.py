"""The known mistakes: one stable id each, explained in Korean and English.

This is the one place a hint's wording lives; checks name hints only by id.
"""

from __future__ import annotations

HINTS: dict[str, tuple[str, str]] = {
    "batch-mean": (
        "배치 크기 N으로 나누는 것을 빠뜨렸거나 두 번 나눈 것 같습니다 (결과가 N배 차이).",
        "Off by a factor N: the division by the batch size is missing or done twice.",
    ),
    "wrong-axis": (
        "잘못된 축으로 합(또는 정규화)을 구한 것 같습니다. 배치 (N, K)에서 샘플은 행(axis=0의 각 원소)입니다.",
        "Reduced over the wrong axis: in a batch (N, K) each sample is a row.",
    ),
    "transpose": (
        "전치(T)가 빠졌거나 다른 피연산자에 붙었습니다. 각 행렬의 모양(shape)을 적어 보세요.",
        "A transpose is missing or on the wrong operand: write down the shape of every factor.",
    ),
    "shape": (
        "결과의 모양(shape)이 틀렸거나 1차원/2차원 입력 중 하나만 처리합니다.",
        "Wrong shape, or only one of 1-D / 2-D inputs is handled.",
    ),
    "mutates-input": (
        "입력으로 받은 배열을 직접 수정했습니다. 복사본(.copy())을 쓰거나 새 배열을 만드세요.",
        "You wrote into an array you were given: work on a copy or build a new array.",
    ),
    "relu-mask": (
        "ReLU의 기울기는 x > 0인 곳에서만 흐릅니다 (x ≤ 0이면 0). 마스크가 없거나 경계가 틀렸습니다.",
        "ReLU passes gradient only where x > 0 (x <= 0 gives 0): the mask is missing or its boundary is wrong.",
    ),
    "softmax-overflow": (
        "큰 입력에서 exp가 넘칩니다(overflow). 각 행의 최댓값을 빼고 exp를 계산하세요.",
        "exp of raw scores overflows for large inputs: subtract each row's maximum first.",
    ),
    "log-sum-exp": (
        "손실을 ε로 잘라(clip) 계산했습니다. 극단적인 로짓에서는 log-sum-exp로 정확히 계산해야 합니다.",
        "The loss is clipped by an epsilon instead of computed stably: use log-sum-exp for extreme logits.",
    ),
    "log10": (
        "상용로그(log10)를 썼습니다. 이 과목의 교차 엔트로피는 자연로그(np.log)입니다.",
        "log base 10 was used: cross-entropy in this course uses the natural log (np.log).",
    ),
    "sign": (
        "부호가 반대입니다.",
        "The sign is flipped.",
    ),
    "derivative-input": (
        "활성화 함수의 미분을 입력 x에서 계산했습니다. 순전파 때 저장한 출력 y로 계산하세요 (예: y(1-y)).",
        "The activation derivative was taken at the input instead of the cached output (e.g. y(1-y)).",
    ),
    "half-factor": (
        "제곱 오차의 ½이 빠졌습니다: E = ½ Σ (y − t)².",
        "The 1/2 of the squared error is missing: E = 1/2 sum (y - t)^2.",
    ),
    "labels": (
        "정수 레이블(또는 원-핫 레이블)을 처리하지 못합니다. 두 형식을 모두 받아야 합니다.",
        "Integer labels (or one-hot labels) are not handled: accept both formats.",
    ),
    "not-normalized": (
        "비례 배분에서 들어오는 가중치의 합으로 나누지 않았습니다.",
        "Proportional split without dividing by the sum of the incoming weights.",
    ),
    "order": (
        "층별 오차를 반대 순서로 반환했습니다 ([e₁, …, e_L] 순서여야 합니다).",
        "The layers' errors are returned in the wrong order (expected [e1, ..., eL]).",
    ),
    "central-difference": (
        "한쪽 차분 (f(x+h) − f(x))/h 을 썼습니다. 중앙 차분 (f(x+h) − f(x−h))/(2h)을 쓰세요.",
        "One-sided difference used: use the central difference (f(x+h) - f(x-h)) / (2h).",
    ),
    "adam-bias-correction": (
        "Adam의 편향 보정이 없거나 t를 잘못된 시점에 증가시켰습니다.",
        "Adam without bias correction, or t advanced at the wrong time.",
    ),
    "in-place": (
        "params[key]에 새 배열을 대입했습니다. 배열 자체를 갱신하세요 (params[key] -= ...).",
        "params[key] was rebound to a new array: update the array in place (params[key] -= ...).",
    ),
}


def hint_text(hint_id: str | None) -> str | None:
    if hint_id is None:
        return None
    ko, en = HINTS[hint_id]
    return f"{ko}\n{en}"


# The lecture topic each known mistake belongs to: a key of the quiz bank's TOPICS and the
# lecture (a key of its LECTURES) where the course teaches it. The class report groups the
# misconceptions it finds by these, so a lecturer sees which part of which lecture to revisit.
HINT_TOPICS: dict[str, tuple[str, str]] = {
    "batch-mean": ("loss", "003"),
    "wrong-axis": ("softmax", "003"),
    "transpose": ("layer-backward", "001"),
    "shape": ("layer-backward", "001"),
    "mutates-input": ("layer-backward", "001"),
    "relu-mask": ("activation", "001"),
    "softmax-overflow": ("softmax", "003"),
    "log-sum-exp": ("loss", "003"),
    "log10": ("loss", "003"),
    "sign": ("graph-chain", "000"),
    "derivative-input": ("activation", "001"),
    "half-factor": ("loss", "000"),
    "labels": ("loss", "003"),
    "not-normalized": ("error-split", "002"),
    "order": ("error-split", "002"),
    "central-difference": ("graph-chain", "001"),
    "adam-bias-correction": ("optimizer", "003"),
    "in-place": ("optimizer", "003"),
}
