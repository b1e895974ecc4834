#!/usr/bin/env bash
# Walks one fictional case through the command API, from identification to 销号 (cross-off), and prints its events.
# Usage: deploy/demo-walk.sh [base-url]   (default http://localhost:8080)
# The service must be running with the demo county (./run.sh --kcbx.demo.enabled=true): the walk signs in as the
# demo accounts (deploy/DEMO.md). Other accounts: KCBX_USER / KCBX_PASSWORD (a village account), KCBX_TOWN_USER /
# KCBX_TOWN_PASSWORD (that village's town), KCBX_READER / KCBX_READER_PASSWORD (who reads the events back),
# KCBX_VILLAGE (the child's village code).
set -euo pipefail
BASE=${1:-http://localhost:8080}
VILLAGE=${KCBX_VILLAGE:-439921100201}

sign_in() { # username, password → bearer token
  local answer token
  answer=$(curl -sS -X POST "$BASE/api/auth/sign-in" -H 'Content-Type: application/json' \
                -d '{"username": "'"$1"'", "password": "'"$2"'"}')
  token=$(sed -nE 's/.*"token":"([A-Za-z0-9_-]+)".*/\1/p' <<<"$answer")
  if [[ -z "$token" ]]; then echo "sign-in of $1 failed: $answer" >&2; exit 1; fi
  echo "$token"
}
# Who acts: the village team identifies, verifies and visits; the town (乡镇) takes the 三帮一 and legal steps,
# records the return and crosses off (each step by a role allowed to take it, see "Who may act" in README.md).
VILLAGE_TOKEN=$(sign_in "${KCBX_USER:-demo-village}" "${KCBX_PASSWORD:-Qingxi2026}")
TOWN_TOKEN=$(sign_in "${KCBX_TOWN_USER:-demo-town}" "${KCBX_TOWN_PASSWORD:-Qingxi2026}")
TOKEN=$VILLAGE_TOKEN
READER=$(sign_in "${KCBX_READER:-demo-county}" "${KCBX_READER_PASSWORD:-Qingxi2026}")

# A fictional child: a valid-format ID number (GB 11643 checksum) with a random sequence, born 2013-05-14.
weights=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2)
first17="43012220130514$(printf '%02d' $((RANDOM % 100)))$(( (RANDOM % 5) * 2 + 1 ))"   # odd 17th digit: male
sum=0; for i in $(seq 0 16); do sum=$(( sum + ${first17:i:1} * weights[i] )); done
checks=(1 0 X 9 8 7 6 5 4 3 2); ID="${first17}${checks[sum % 11]}"

post() { # path, request id, JSON body; as $TOKEN
  echo ">>> POST $1" >&2
  curl -sS -X POST "$BASE$1" -H 'Content-Type: application/json' -H "X-Request-Id: $2" \
       -H "Authorization: Bearer $TOKEN" -H 'X-Client-Channel: mobile' -d "$3"
  echo >&2
}
run=$(date +%s)

CASE=$(post /api/cases "demo-$run-identify" '{
  "source": "VILLAGE_SURVEY", "identifiedOn": "2025-10-09",
  "student": {"name": "李小明", "idNumber": "'"$ID"'", "sex": "MALE"},
  "household": {"village": "'"$VILLAGE"'", "address": "示例村三组"},
  "lastSchool": {"schoolName": "示例镇中心小学", "grade": "GRADE_6"},
  "priorityCategories": [{"category": "LEFT_BEHIND_CHILD", "since": "2024-03-01", "sourceRegister": "民政留守儿童名册"}],
  "suspectedReasons": {"primary": "LEARNING_DIFFICULTY", "others": ["FAMILY_OR_GUARDIANSHIP"]}}' \
  | tee /dev/stderr | sed -E 's/.*"caseId":"([^"]+)".*/\1/')
echo "case: $CASE" >&2

post "/api/cases/$CASE/verification/confirm" "demo-$run-confirm" '{"confirmedOn": "2025-10-20", "note": "连续缺课超过一个月"}'
TOKEN=$TOWN_TOKEN
post "/api/cases/$CASE/trio" "demo-$run-trio" '{"assignedOn": "2025-10-22",
  "teacher":      {"name": "王老师", "unitOrRelation": "示例镇中心小学 班主任", "phone": "13800000001"},
  "villageCadre": {"name": "张主任", "unitOrRelation": "示例村村委会", "phone": "13800000002"},
  "guardian":     {"name": "李大山", "unitOrRelation": "父亲", "phone": "13800000003"}}'
VISIT='{"visitId": "6f1c2d3e-0000-4000-8000-'"$(printf '%012d' "$run")"'", "visitedOn": "2025-11-05",
  "trioParticipants": ["TEACHER", "VILLAGE_CADRE"], "otherParticipants": ["驻村工作队 赵队员"],
  "method": "HOME_VISIT", "outcome": "UNDECIDED", "notes": "家长外出务工，孩子由祖父母照看，对返校犹豫",
  "nextStep": "联系父亲视频沟通", "nextVisitPlannedOn": "2025-11-12"}'
TOKEN=$VILLAGE_TOKEN
post "/api/cases/$CASE/visits" "demo-$run-visit-1" "$VISIT"
post "/api/cases/$CASE/visits" "demo-$run-visit-1" "$VISIT"   # a phone retrying: answered, not stored twice
TOKEN=$TOWN_TOKEN
post "/api/cases/$CASE/legal/criticism" "demo-$run-criticism" '{"criticisedOn": "2025-11-20", "issuedBy": "示例镇人民政府", "note": "对监护人进行批评教育"}'
post "/api/cases/$CASE/legal/correction-orders" "demo-$run-order" '{"orderNumber": "示镇教〔2025〕12号", "issuedOn": "2025-11-25", "issuedBy": "示例镇人民政府", "deadline": "2025-12-10"}'
post "/api/cases/$CASE/legal/served-documents" "demo-$run-served" '{"documentReference": "示镇教〔2025〕12号", "servedOn": "2025-11-26", "servedTo": "李大山", "serviceMethod": "IN_PERSON"}'
post "/api/cases/$CASE/return" "demo-$run-return" '{"returnedOn": "2026-02-20", "schoolName": "示例镇中学", "grade": "GRADE_7", "className": "七年级（2）班", "placement": "REGULAR_CLASS"}'
post "/api/cases/$CASE/cross-off" "demo-$run-cross-off" '{"crossedOffOn": "2026-04-01", "note": "观察期内正常到校，销号"}'

echo ">>> GET /api/cases/$CASE/events" >&2
curl -sS "$BASE/api/cases/$CASE/events" -H "Authorization: Bearer $READER"
echo
