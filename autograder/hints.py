"""The known mistakes: one stable id each, explained in Korean and English.

This is the one place a hint's wording lives; checks name hints only by id. A hint's general
wording fits every question that uses it; where a question's setting needs more (ps3 puts
samples in columns and sums the loss over them), QUESTION_HINTS adds a sentence for that
question, shown after the general one.
"""

from __future__ import annotations

HINTS: dict[str, tuple[str, str]] = {
    "batch-mean": (
        "배치 크기 N으로 나누는 것을 빠뜨렸거나 두 번 나눈 것 같습니다 (결과가 N배 차이).",
        "Off by a factor N: the division by the batch size is missing or done twice.",
    ),
    "wrong-axis": (
        "합(또는 정규화)을 잘못된 축이나 잘못된 묶음에 대해 구한 것 같습니다. "
        "무엇끼리 더해야 하는지 축마다 적어 보세요.",
        "Summed (or normalised) over the wrong axis or the wrong group of values: write down what each axis holds.",
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
        "큰 입력에서 exp가 오버플로됩니다. 각 행의 최댓값을 빼고 exp를 계산하세요.",
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
        "비례 분배에서 들어오는 가중치의 합으로 나누지 않았습니다.",
        "Proportional split without dividing by the sum of the incoming weights.",
    ),
    "order": (
        "층별 오차를 반대 순서로 반환했습니다 ([e₁, …, e_L] 순서여야 합니다).",
        "The layers' errors are returned in the wrong order (expected [e1, ..., eL]).",
    ),
    "central-difference": (
        "전방 차분 (f(x+h) − f(x))/h (또는 후방 차분)을 썼습니다. 중심 차분 (f(x+h) − f(x−h))/(2h)을 쓰세요.",
        "Forward (or backward) difference (f(x+h) - f(x)) / h used: use the central (f(x+h) - f(x-h)) / (2h).",
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


# (question id, hint id) -> a sentence for that question, in Korean and English. Question ids
# are unique across the problem sets.
QUESTION_HINTS: dict[tuple[str, str], tuple[str, str]] = {
    **{(qid, "wrong-axis"): (
        "배치 (N, K)에서 샘플은 행입니다: 소프트맥스는 행마다(axis=1) 정규화합니다.",
        "In a batch (N, K) each sample is a row: softmax normalises each row (axis=1).",
    ) for qid in ("softmax", "SoftmaxWithLoss")},
    **{(qid, "wrong-axis"): (
        "배치 (N, M)에서 샘플은 행입니다: 편향의 기울기 db는 샘플에 대해(axis=0) 더합니다.",
        "In a batch (N, M) each sample is a row: the bias gradient db sums over the samples (axis=0).",
    ) for qid in ("Affine", "TwoLayerNet")},
    ("split_error_proportional", "wrong-axis"): (
        "W[j, i]는 은닉 노드 i에서 출력 노드 j로 가는 링크입니다. 출력 j의 오차는 그 출력으로 들어오는 "
        "가중치의 합 Σₖ W[j, k] (W의 행 합)으로 나누어 분배합니다: 열 합이나 전체 합이 아닙니다.",
        "W[j, i] is the link from hidden node i to output node j. Output j's error is shared in proportion to "
        "the weights coming into output j, so divide by Σₖ W[j, k] (a row sum of W), not a column sum or the "
        "total.",
    ),
    ("hidden_gradient", "batch-mean"): (
        "이 문제의 손실은 샘플에 대해 더한 값(평균이 아님)이므로 N으로 나누지 않습니다. 샘플은 열입니다.",
        "This question's loss is summed over the samples (not averaged), so there is no division by N; "
        "samples are columns.",
    ),
    ("hidden_gradient", "derivative-input"): (
        "시그모이드의 미분은 출력 a = sigmoid(z)로 a(1 − a)입니다. z(1 − z)가 아닙니다.",
        "The sigmoid's derivative is a(1 - a) at its output a = sigmoid(z), not z(1 - z).",
    ),
}


def hint_text(hint_id: str | None, question: str | None = None) -> str | None:
    """The hint in Korean and English, with the question's own sentence where it has one."""
    if hint_id is None:
        return None
    ko, en = HINTS[hint_id]
    extra = QUESTION_HINTS.get((question, hint_id)) if question else None
    if extra:
        ko, en = f"{ko} {extra[0]}", f"{en} {extra[1]}"
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
