<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
    <context>
        <name>kiosk</name>
        <message>
            <source>Large text</source>
            <translation>큰 글자</translation>
        </message>
        <message>
            <source>Normal text</source>
            <translation>보통 글자</translation>
        </message>
        <message>
            <source>Call staff</source>
            <translation>직원 호출</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>그만두기</translation>
        </message>
        <message>
            <source>Please take your card from the reader.</source>
            <translation>카드 리더기에서 카드를 가져가 주세요.</translation>
        </message>
        <message>
            <source>Read card</source>
            <translation>카드 읽기</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>본인 확인</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>동의</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>접수 완료</translation>
        </message>
        <message>
            <source>Face recognition</source>
            <translation>얼굴 인증</translation>
        </message>
        <message>
            <source>PIN (4 digits)</source>
            <translation>비밀번호(4자리)</translation>
        </message>
        <message>
            <source>Use my PIN instead</source>
            <translation>비밀번호로 하기</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>다시 하기</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>뒤로</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>지우기</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>한 자 삭제</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>확인</translation>
        </message>
        <message>
            <source>I agree</source>
            <translation>동의함</translation>
        </message>
        <message>
            <source>I do not agree</source>
            <translation>동의 안 함</translation>
        </message>
        <message>
            <source>Provide</source>
            <translation>제공함</translation>
        </message>
        <message>
            <source>Do not provide</source>
            <translation>제공 안 함</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>등록함</translation>
        </message>
        <message>
            <source>Do not register</source>
            <translation>등록 안 함</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>계속하기</translation>
        </message>
        <message>
            <source>More time</source>
            <translation>시간 연장</translation>
        </message>
        <message>
            <source>No, continue</source>
            <translation>아니요, 계속합니다</translation>
        </message>
        <message>
            <source>Yes, stop</source>
            <translation>네, 그만둡니다</translation>
        </message>
        <message>
            <source>Same person: approve</source>
            <translation>본인 확인됨</translation>
        </message>
        <message>
            <source>Not the same person</source>
            <translation>본인 아님</translation>
        </message>
        <message>
            <source>Close the kiosk</source>
            <translation>키오스크 종료</translation>
        </message>
        <message>
            <source>Please place your My Number Card on the card reader</source>
            <translation>마이넘버 카드를 카드 리더기에 올려 주세요</translation>
        </message>
        <message>
            <source>Put the card face up. Leave it there until the screen asks you to take it.</source>
            <translation>카드 앞면이 위로 오게 올려 두고, 화면에 가져가라는 안내가 나올 때까지 그대로 두세요.</translation>
        </message>
        <message>
            <source>This reception kiosk cannot be used now</source>
            <translation>이 접수기는 지금 사용할 수 없습니다</translation>
        </message>
        <message>
            <source>The card reader is not working. Please ask the staff at the reception desk.</source>
            <translation>카드 리더기를 사용할 수 없습니다. 접수 창구의 직원에게 말씀해 주세요.</translation>
        </message>
        <message>
            <source>Receptions cannot be saved right now. Please ask the staff at the reception desk.</source>
            <translation>지금은 접수 기록을 저장할 수 없습니다. 접수 창구의 직원에게 문의해 주십시오.</translation>
        </message>
        <message>
            <source>A patient's reception is in progress. Close the kiosk once it has ended.</source>
            <translation>환자의 접수가 진행 중입니다. 접수가 끝난 뒤에 종료해 주십시오.</translation>
        </message>
        <message>
            <source>Please wait. Leave your card on the reader.</source>
            <translation>잠시 기다려 주세요. 카드는 그대로 두세요.</translation>
        </message>
        <message>
            <source>This is taking a little longer. Please keep waiting.</source>
            <translation>조금 시간이 걸리고 있습니다. 조금만 더 기다려 주세요.</translation>
        </message>
        <message>
            <source>Reading your card…</source>
            <translation>카드를 읽고 있습니다…</translation>
        </message>
        <message>
            <source>Choose face recognition or PIN</source>
            <translation>얼굴 인증 또는 비밀번호 중 하나를 선택해 주세요</translation>
        </message>
        <message>
            <source>Face recognition: the camera compares your face with the photo in the card. PIN: the 4 digits you set when you applied for the card.</source>
            <translation>얼굴 인증: 카메라로 얼굴을 찍어 카드의 사진과 대조합니다. 비밀번호: 카드를 신청할 때 정한 4자리 숫자입니다.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used right now. Please use your PIN.</source>
            <translation>지금은 얼굴 인증을 사용할 수 없습니다. 비밀번호를 사용해 주세요.</translation>
        </message>
        <message>
            <source>Getting ready for face recognition…</source>
            <translation>얼굴 인증을 준비하고 있습니다…</translation>
        </message>
        <message>
            <source>Look at the camera</source>
            <translation>카메라를 봐 주세요</translation>
        </message>
        <message>
            <source>Fit your face inside the frame on the screen; the picture is taken automatically. Please take off your mask.</source>
            <translation>화면의 틀 안에 얼굴이 들어오면 자동으로 촬영됩니다. 마스크는 벗어 주세요.</translation>
        </message>
        <message>
            <source>Time left: {n} s</source>
            <translation>남은 시간 {n}초</translation>
        </message>
        <message>
            <source>Your face could not be confirmed</source>
            <translation>얼굴을 확인하지 못했습니다</translation>
        </message>
        <message>
            <source>You can try again, use your PIN, or call a staff member.</source>
            <translation>다시 하거나, 비밀번호로 하거나, 직원을 불러 주세요.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used</source>
            <translation>얼굴 인증을 사용할 수 없습니다</translation>
        </message>
        <message>
            <source>Please use your PIN. If you do not know it, call a staff member.</source>
            <translation>비밀번호를 사용해 주세요. 모르시면 직원을 불러 주세요.</translation>
        </message>
        <message>
            <source>The camera is not working. Please use your PIN, or call a staff member.</source>
            <translation>카메라를 사용할 수 없습니다. 비밀번호를 사용하거나 직원을 불러 주세요.</translation>
        </message>
        <message>
            <source>The photo in the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>카드의 사진을 읽지 못했습니다. 비밀번호를 사용하거나 직원을 불러 주세요.</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>카드 앞면을 읽지 못했습니다. 비밀번호를 사용하거나 직원을 불러 주세요.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used with this card now. Please use your PIN, or call a staff member.</source>
            <translation>지금은 이 카드로 얼굴 인증을 사용할 수 없습니다. 비밀번호를 사용하거나 직원을 불러 주세요.</translation>
        </message>
        <message>
            <source>Checking your card…</source>
            <translation>카드를 확인하고 있습니다…</translation>
        </message>
        <message>
            <source>Enter your 4-digit PIN</source>
            <translation>비밀번호(4자리)를 입력해 주세요</translation>
        </message>
        <message>
            <source>The 4-digit PIN you set when you applied for the card.</source>
            <translation>카드를 신청할 때 정한 4자리 비밀번호입니다.</translation>
        </message>
        <message>
            <source>Tries left: {n}</source>
            <translation>남은 횟수 {n}회</translation>
        </message>
        <message>
            <source>The PIN is not correct.</source>
            <translation>비밀번호가 틀립니다.</translation>
        </message>
        <message>
            <source>The PIN is 4 digits. Please enter it again.</source>
            <translation>비밀번호는 숫자 4자리입니다. 다시 입력해 주세요.</translation>
        </message>
        <message>
            <source>If it is wrong once more, the PIN will be locked.</source>
            <translation>한 번 더 틀리면 비밀번호가 잠깁니다.</translation>
        </message>
        <message>
            <source>Checking your PIN…</source>
            <translation>비밀번호를 확인하고 있습니다…</translation>
        </message>
        <message>
            <source>Your PIN is locked</source>
            <translation>비밀번호가 잠겼습니다</translation>
        </message>
        <message>
            <source>The PIN was entered wrongly 3 times, so it is locked. Your city office can unlock it. Today, please use face recognition or call a staff member.</source>
            <translation>비밀번호를 3번 잘못 입력하여 잠겼습니다. 잠금 해제는 거주하시는 시구정촌 창구에서 할 수 있습니다. 오늘은 얼굴 인증을 사용하거나 직원을 불러 주세요.</translation>
        </message>
        <message>
            <source>A staff member is coming</source>
            <translation>직원이 곧 옵니다</translation>
        </message>
        <message>
            <source>Please wait here. Staff: enter your staff PIN.</source>
            <translation>여기서 기다려 주세요. 직원: 직원용 비밀번호를 입력하세요.</translation>
        </message>
        <message>
            <source>Staff PIN not accepted.</source>
            <translation>직원용 비밀번호가 틀립니다.</translation>
        </message>
        <message>
            <source>Staff functions are locked for {n} min.</source>
            <translation>직원 기능이 {n}분간 잠겼습니다.</translation>
        </message>
        <message>
            <source>Staff: visual check</source>
            <translation>직원: 육안 확인</translation>
        </message>
        <message>
            <source>Compare the photo in the card's chip with the patient in front of the kiosk.</source>
            <translation>IC 칩의 사진과 키오스크 앞의 환자를 비교하세요.</translation>
        </message>
        <message>
            <source>Chip photo not read: compare with the card's face.</source>
            <translation>칩 사진을 읽지 않았습니다: 카드 앞면 사진과 비교하세요.</translation>
        </message>
        <message>
            <source>Staff: close the kiosk</source>
            <translation>직원: 키오스크 종료</translation>
        </message>
        <message>
            <source>Please wait here. A staff member has been called.</source>
            <translation>여기서 기다려 주세요. 직원을 불렀습니다.</translation>
        </message>
        <message>
            <source>Your call could not reach the staff. Please speak to the reception desk.</source>
            <translation>직원 호출이 전달되지 않았습니다. 번거로우시겠지만 접수 창구에 말씀해 주세요.</translation>
        </message>
        <message>
            <source>A staff member has seen your call and is on the way.</source>
            <translation>직원이 호출을 확인했습니다. 곧 옵니다.</translation>
        </message>
        <message>
            <source>Staff: enter your staff PIN to start the visual check.</source>
            <translation>직원: 육안 확인을 시작하려면 직원용 비밀번호를 입력하세요.</translation>
        </message>
        <message>
            <source>Photo in the card's chip</source>
            <translation>IC 칩의 사진</translation>
        </message>
        <message>
            <source>Camera now</source>
            <translation>카메라 화면</translation>
        </message>
        <message>
            <source>From the card: born {birth} (age {age}), {sex}</source>
            <translation>카드 정보: {birth} 출생({age}세), {sex}</translation>
        </message>
        <message>
            <source>Name (eligibility answer): {name}</source>
            <translation>성명(자격 확인 결과): {name}</translation>
        </message>
        <message>
            <source>Name, age and sex: compare with what is printed on the card.</source>
            <translation>성명·나이·성별은 카드 앞면의 기재와 비교하세요.</translation>
        </message>
        <message>
            <source>male</source>
            <translation>남성</translation>
        </message>
        <message>
            <source>female</source>
            <translation>여성</translation>
        </message>
        <message>
            <source>sex not stated</source>
            <translation>성별 기재 없음</translation>
        </message>
        <message>
            <source>A staff member has been called. Please wait here.</source>
            <translation>직원을 불렀습니다. 여기서 기다려 주세요.</translation>
        </message>
        <message>
            <source>Checking your health insurance…</source>
            <translation>건강보험 자격을 확인하고 있습니다…</translation>
        </message>
        <message>
            <source>Identity confirmed</source>
            <translation>본인 확인이 완료되었습니다</translation>
        </message>
        <message>
            <source>Your card is not yet registered as a health insurance card</source>
            <translation>카드가 아직 건강보험증으로 등록되지 않았습니다</translation>
        </message>
        <message>
            <source>You can register it here, now. Afterwards the card works as your health insurance card at any clinic or pharmacy.</source>
            <translation>지금 여기서 등록할 수 있습니다. 등록하면 어느 의료기관·약국에서나 건강보험증으로 사용할 수 있습니다.</translation>
        </message>
        <message>
            <source>By pressing Register you agree to the terms for using the My Number Card as a health insurance card, and your insurance can then be checked with this card. You can ask to cancel the registration later.</source>
            <translation>'등록함'을 누르면 마이넘버 카드의 건강보험증 이용 규약에 동의한 것이 되며, 가입한 보험의 자격을 이 카드로 확인할 수 있게 됩니다. 등록은 나중에 해제를 신청할 수 있습니다.</translation>
        </message>
        <message>
            <source>Registering your card…</source>
            <translation>등록하고 있습니다…</translation>
        </message>
        <message>
            <source>① Your past treatment and medicines</source>
            <translation>①과거 진료·약 정보</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment and of the medicines you were prescribed? They are used only for your care. If you do not agree, you are still treated as usual.</source>
            <translation>과거 진료 기록과 처방받은 약 정보를 본원 의사에게 제공해도 될까요? 귀하의 진료를 위해서만 사용합니다. 동의하지 않아도 평소대로 진료를 받을 수 있습니다.</translation>
        </message>
        <message>
            <source>② Your health check-up results</source>
            <translation>②특정 건강검진 정보</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the results of your metabolic check-ups (ages 40–74) and check-ups for older people (75 and over)? They are used for your care and your health.</source>
            <translation>대사증후군 검진(40~74세)이나 고령자 검진(75세 이상) 결과를 본원 의사에게 제공해도 될까요? 귀하의 진료와 건강 관리를 위해 사용합니다.</translation>
        </message>
        <message>
            <source>Your diagnoses</source>
            <translation>진료 정보(병명 등)</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the diagnoses made at other clinics? They are used only for your care.</source>
            <translation>다른 의료기관에서 받은 진단(병명 등) 정보를 본원 의사에게 제공해도 될까요? 귀하의 진료를 위해서만 사용합니다.</translation>
        </message>
        <message>
            <source>Your past operations</source>
            <translation>수술 정보</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of operations you had at other hospitals? They are used only for your care.</source>
            <translation>다른 병원에서 받은 수술 정보를 본원 의사에게 제공해도 될까요? 귀하의 진료를 위해서만 사용합니다.</translation>
        </message>
        <message>
            <source>Sharing your medical information</source>
            <translation>의료 정보 제공</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment, medicines, health check-ups and operations? They are used only for your care. Your high-cost medical expense limit goes to the payment counter, so you pay no more than your limit.</source>
            <translation>과거 진료·약·건강검진·수술 정보를 본원 의사에게 제공해도 될까요? 귀하의 진료를 위해서만 사용합니다. 고액요양비 한도액 정보는 수납 창구에 제공되어, 한도액 이상은 지불하지 않아도 됩니다.</translation>
        </message>
        <message>
            <source>Saving your answers…</source>
            <translation>답변을 저장하고 있습니다…</translation>
        </message>
        <message>
            <source>How do you want to receive your prescription?</source>
            <translation>처방전 받는 방법을 선택해 주세요</translation>
        </message>
        <message>
            <source>With an electronic prescription the pharmacy receives it electronically; you do not carry paper. Either way you get the same medicine.</source>
            <translation>전자 처방전을 선택하면 처방 내용이 약국으로 전자로 전달되어 종이 처방전을 가져갈 필요가 없습니다. 어느 쪽을 선택해도 약은 같습니다.</translation>
        </message>
        <message>
            <source>Electronic prescription</source>
            <translation>전자 처방전</translation>
        </message>
        <message>
            <source>Paper prescription</source>
            <translation>종이 처방전</translation>
        </message>
        <message>
            <source>Do you want to use your medical expense subsidy certificates?</source>
            <translation>의료비 지원 수급자증을 이용하시겠습니까?</translation>
        </message>
        <message>
            <source>For example a certificate for children's or single parents' medical expenses from your city. If you use one, the clinic receives it with your insurance.</source>
            <translation>예를 들어 시구정촌의 아동 의료비나 한부모 가정 의료비 수급자증입니다. 이용하면 보험 정보와 함께 의료기관에 전달됩니다.</translation>
        </message>
        <message>
            <source>Use</source>
            <translation>이용함</translation>
        </message>
        <message>
            <source>Do not use</source>
            <translation>이용 안 함</translation>
        </message>
        <message>
            <source>Do you want to provide your limit information?</source>
            <translation>한도액 정보를 제공하시겠습니까?</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide before you take your card. Then you pay no more than your limit at the counter.</source>
            <translation>고액요양비 제도를 이용하시는 분은 카드를 가져가기 전에 '제공함'을 눌러 주세요. 창구에서 한도액 이상은 지불하지 않아도 됩니다.</translation>
        </message>
        <message>
            <source>After you answer, please take your card.</source>
            <translation>답한 뒤 카드를 가져가 주세요.</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide. Then you pay no more than your limit at the counter.</source>
            <translation>고액요양비 제도를 이용하시는 분은 '제공함'을 눌러 주세요. 창구에서 한도액 이상은 지불하지 않아도 됩니다.</translation>
        </message>
        <message>
            <source>Please take your card from the card reader</source>
            <translation>카드 리더기에서 카드를 가져가 주세요</translation>
        </message>
        <message>
            <source>Your reception is complete.</source>
            <translation>접수가 완료되었습니다.</translation>
        </message>
        <message>
            <source>Your limit information was provided.</source>
            <translation>한도액 정보를 제공했습니다.</translation>
        </message>
        <message>
            <source>Some answers could not be sent. Please tell the reception desk.</source>
            <translation>일부 답변을 보내지 못했습니다. 접수 창구에 알려 주세요.</translation>
        </message>
        <message>
            <source>Thank you</source>
            <translation>감사합니다</translation>
        </message>
        <message>
            <source>Please wait until you are called.</source>
            <translation>부를 때까지 기다려 주세요.</translation>
        </message>
        <message>
            <source>Please go to the reception desk.</source>
            <translation>접수 창구로 가 주세요.</translation>
        </message>
        <message>
            <source>Don't forget your card!</source>
            <translation>카드를 잊지 마세요!</translation>
        </message>
        <message>
            <source>The card was taken off the reader</source>
            <translation>카드가 빠졌습니다</translation>
        </message>
        <message>
            <source>The reception has stopped. To start again, place your card on the reader again.</source>
            <translation>접수를 중지했습니다. 처음부터 다시 하려면 카드를 다시 올려 주세요.</translation>
        </message>
        <message>
            <source>Do you want to stop the reception?</source>
            <translation>접수를 그만두시겠습니까?</translation>
        </message>
        <message>
            <source>If you stop, you will need to start again from the beginning.</source>
            <translation>그만두면 처음부터 다시 해야 합니다.</translation>
        </message>
        <message>
            <source>Your health insurance could not be confirmed</source>
            <translation>건강보험 자격을 확인하지 못했습니다</translation>
        </message>
        <message>
            <source>Please take your card and go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>카드를 가져가시고, 자격확인서(資格確認書) 또는 자격정보 안내(資格情報のお知らせ)를 가지고 접수 창구로 가 주세요.</translation>
        </message>
        <message>
            <source>Your card's electronic certificate cannot be used</source>
            <translation>카드의 전자증명서를 사용할 수 없습니다</translation>
        </message>
        <message>
            <source>It has expired or was cancelled. Please take your card to the reception desk. Your city office can renew it.</source>
            <translation>유효기간이 지났거나 효력이 없습니다. 카드를 가지고 접수 창구로 가 주세요. 갱신은 거주하시는 시구정촌 창구에서 할 수 있습니다.</translation>
        </message>
        <message>
            <source>The insurance check cannot be done right now</source>
            <translation>지금은 보험 자격을 확인할 수 없습니다</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please take your card and go to the reception desk.</source>
            <translation>접수는 저장되었으며 나중에 확인합니다. 카드를 가지고 접수 창구로 가 주세요.</translation>
        </message>
        <message>
            <source>This card cannot be read</source>
            <translation>카드를 읽을 수 없습니다</translation>
        </message>
        <message>
            <source>Please take the card and place it again, face up. If it still cannot be read, please go to the reception desk.</source>
            <translation>카드를 빼서 앞면이 위로 오게 다시 올려 주세요. 그래도 읽히지 않으면 접수 창구로 가 주세요.</translation>
        </message>
        <message>
            <source>This is not a My Number Card</source>
            <translation>마이넘버 카드가 아닙니다</translation>
        </message>
        <message>
            <source>Please take this card and place your My Number Card instead. If you do not have one, please go to the reception desk.</source>
            <translation>이 카드를 가져가시고 마이넘버 카드를 올려 주세요. 없으시면 접수 창구로 가 주세요.</translation>
        </message>
        <message>
            <source>A Basic Resident Register Card cannot be used as a health insurance card</source>
            <translation>주민기본대장 카드는 건강보험증으로 사용할 수 없습니다</translation>
        </message>
        <message>
            <source>The reception has ended</source>
            <translation>접수가 종료되었습니다</translation>
        </message>
        <message>
            <source>Please take your card. If you need help, please go to the reception desk.</source>
            <translation>카드를 가져가 주세요. 도움이 필요하시면 접수 창구로 가 주세요.</translation>
        </message>
        <message>
            <source>There was no answer for a while.</source>
            <translation>한동안 조작이 없었습니다.</translation>
        </message>
        <message>
            <source>You stopped the reception.</source>
            <translation>접수를 그만두었습니다.</translation>
        </message>
        <message>
            <source>The staff member could not confirm that this is you.</source>
            <translation>직원이 본인임을 확인하지 못했습니다.</translation>
        </message>
        <message>
            <source>Without registration, the card cannot be used as a health insurance card today.</source>
            <translation>등록하지 않으면 오늘은 카드를 건강보험증으로 사용할 수 없습니다.</translation>
        </message>
        <message>
            <source>The card reader did not answer.</source>
            <translation>카드 리더기가 응답하지 않았습니다.</translation>
        </message>
        <message>
            <source>The insurance check was refused.</source>
            <translation>자격 확인이 거부되었습니다.</translation>
        </message>
        <message>
            <source>Do you want to continue?</source>
            <translation>계속하시겠습니까?</translation>
        </message>
        <message>
            <source>If there is no answer, the reception ends in {n} s.</source>
            <translation>조작이 없으면 {n}초 후에 접수를 종료합니다.</translation>
        </message>
        <message>
            <source>Your face is not in view.</source>
            <translation>얼굴이 보이지 않습니다.</translation>
        </message>
        <message>
            <source>Only one person, please.</source>
            <translation>한 분씩 해 주세요.</translation>
        </message>
        <message>
            <source>Come a little closer.</source>
            <translation>조금 더 가까이 와 주세요.</translation>
        </message>
        <message>
            <source>Move back a little.</source>
            <translation>조금 떨어져 주세요.</translation>
        </message>
        <message>
            <source>It is too dark.</source>
            <translation>너무 어둡습니다.</translation>
        </message>
        <message>
            <source>There is too much light behind you.</source>
            <translation>뒤쪽이 너무 밝습니다.</translation>
        </message>
        <message>
            <source>Look straight at the camera.</source>
            <translation>카메라를 똑바로 봐 주세요.</translation>
        </message>
        <message>
            <source>Please take off your mask, or use your PIN.</source>
            <translation>마스크를 벗거나 비밀번호를 사용해 주세요.</translation>
        </message>
        <message>
            <source>Please blink.</source>
            <translation>눈을 깜박여 주세요.</translation>
        </message>
        <message>
            <source>Turn your head a little to your left.</source>
            <translation>고개를 조금 왼쪽으로 돌려 주세요.</translation>
        </message>
        <message>
            <source>Turn your head a little to your right.</source>
            <translation>고개를 조금 오른쪽으로 돌려 주세요.</translation>
        </message>
        <message>
            <source>Hold still…</source>
            <translation>그대로 계세요…</translation>
        </message>
        <message>
            <source>You can stay seated. Raise your face a little towards the camera.</source>
            <translation>앉으신 채로 괜찮습니다. 얼굴을 조금 들어 카메라를 봐 주세요.</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Please tilt or move the card a little.</source>
            <translation>카드에 빛이 반사되고 있습니다. 카드를 조금 기울이거나 옮겨 주세요.</translation>
        </message>
        <message>
            <source>Take the card off the reader and hold its front up to the camera.</source>
            <translation>카드를 리더기에서 꺼내 앞면을 카메라에 보여 주세요.</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Keep the card on the reader and slide it a little.</source>
            <translation>카드에 빛이 반사되고 있습니다. 카드를 리더기에 둔 채로 조금 옮겨 주세요.</translation>
        </message>
        <message>
            <source>Please place your card on the reader again</source>
            <translation>카드를 다시 리더기에 올려 주세요</translation>
        </message>
        <message>
            <source>The front of the card has been read. Place the same card on the reader.</source>
            <translation>카드 앞면을 읽었습니다. 같은 카드를 리더기에 올려 주세요.</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Place the same card on the reader.</source>
            <translation>카드 앞면을 읽지 못했습니다. 같은 카드를 리더기에 올려 주세요.</translation>
        </message>
        <message>
            <source>{year}-{month:02d}-{day:02d}</source>
            <translation>{year}년 {month}월 {day}일</translation>
        </message>
        <message>
            <source>Your card's certificate expires on {date}. Please renew it at your city office.</source>
            <translation>카드의 전자증명서가 {date}에 만료됩니다. 시구정촌 창구에서 갱신해 주세요.</translation>
        </message>
        <message>
            <source>Your card's certificate expired on {date}. Until {until} it still works as your insurance card, but no medical or medication data can be shared. Renew it at your city office.</source>
            <translation>카드의 전자증명서가 {date}에 만료되었습니다. {until}까지 보험증으로 쓸 수 있지만 진료·약 정보는 제공할 수 없습니다. 시구정촌 창구에서 갱신해 주세요.</translation>
        </message>
        <message>
            <source>This is not the card you showed</source>
            <translation>처음 읽은 카드와 다른 카드입니다</translation>
        </message>
        <message>
            <source>The reception has stopped. A staff member has been called. Please take this card and wait.</source>
            <translation>접수를 중단했습니다. 직원을 불렀습니다. 이 카드를 가지고 기다려 주세요.</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used (it is locked, or the card was issued without a PIN). Today, please use face recognition or call a staff member.</source>
            <translation>이 카드의 비밀번호는 사용할 수 없습니다(잠겼거나 비밀번호 없이 발급된 카드입니다). 오늘은 얼굴 인증을 이용하시거나 직원을 불러 주세요.</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used either. Please press Call staff.</source>
            <translation>이 카드의 비밀번호도 사용할 수 없습니다. '직원 호출'을 눌러 주세요.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used either. Please press Call staff.</source>
            <translation>얼굴 인증도 사용할 수 없습니다. '직원 호출'을 눌러 주세요.</translation>
        </message>
        <message>
            <source>Checking the card…</source>
            <translation>카드를 확인하고 있습니다…</translation>
        </message>
        <message>
            <source>Staff: enter number B from the card</source>
            <translation>직원: 카드의 조합번호 B 입력</translation>
        </message>
        <message>
            <source>Type it as printed on the card front.</source>
            <translation>카드 앞면에 인쇄된 대로 입력하세요.</translation>
        </message>
        <message>
            <source>Enter birth date, expiry, code</source>
            <translation>생년월일·유효기간·코드로 입력</translation>
        </message>
        <message>
            <source>Enter the 14 digits</source>
            <translation>14자리 숫자로 입력</translation>
        </message>
        <message>
            <source>Western</source>
            <translation>서기</translation>
        </message>
        <message>
            <source>Year {v}</source>
            <translation>{v}년</translation>
        </message>
        <message>
            <source>Month {v}</source>
            <translation>{v}월</translation>
        </message>
        <message>
            <source>Day {v}</source>
            <translation>{v}일</translation>
        </message>
        <message>
            <source>Valid until {v}</source>
            <translation>{v}년까지 유효</translation>
        </message>
        <message>
            <source>Security code {v}</source>
            <translation>보안 코드 {v}</translation>
        </message>
        <message>
            <source>Number B {v}</source>
            <translation>조합번호 B {v}</translation>
        </message>
        <message>
            <source>Tries left on the card: {n}. This kiosk stops after {k} more.</source>
            <translation>카드의 남은 횟수: {n}회. 이 단말기에서는 {k}회 더 입력할 수 있습니다.</translation>
        </message>
        <message>
            <source>The card did not accept this number: one try was used. Check the card and enter it again.</source>
            <translation>카드가 이 번호를 받아들이지 않았습니다. 1회가 사용되었습니다. 카드를 확인하고 다시 입력하세요.</translation>
        </message>
        <message>
            <source>This birth date is not possible. Not sent to the card: no try was used.</source>
            <translation>생년월일이 올바르지 않습니다. 카드에 보내지 않았습니다. 횟수는 줄지 않았습니다.</translation>
        </message>
        <message>
            <source>This expiry year is not possible. Not sent to the card: no try was used.</source>
            <translation>유효기간 연도가 올바르지 않습니다. 카드에 보내지 않았습니다. 횟수는 줄지 않았습니다.</translation>
        </message>
        <message>
            <source>The security code is 4 digits. Not sent to the card: no try was used.</source>
            <translation>보안 코드는 4자리입니다. 카드에 보내지 않았습니다. 횟수는 줄지 않았습니다.</translation>
        </message>
        <message>
            <source>Visual check instead</source>
            <translation>대신 육안 확인</translation>
        </message>
        <message>
            <source>Enter number B</source>
            <translation>조합번호 B 입력</translation>
        </message>
        <message>
            <source>Number B can no longer be entered for this card (its remaining tries are kept). Please check visually.</source>
            <translation>이 카드에는 더 이상 조합번호 B를 입력할 수 없습니다(남은 횟수를 지키기 위해). 육안으로 확인하세요.</translation>
        </message>
        <message>
            <source>Use a smartphone</source>
            <translation>스마트폰 사용</translation>
        </message>
        <message>
            <source>Use my card instead</source>
            <translation>카드로 하기</translation>
        </message>
        <message>
            <source>Which smartphone do you have?</source>
            <translation>어떤 스마트폰을 사용하십니까?</translation>
        </message>
        <message>
            <source>For a smartphone with the My Number Card's certificate set up on it. On your first visit, please also bring your My Number Card.</source>
            <translation>마이넘버카드의 전자증명서를 스마트폰에 설정한 분이 사용할 수 있습니다. 처음 진료받으실 때는 마이넘버카드도 지참해 주십시오.</translation>
        </message>
        <message>
            <source>Hold your smartphone over the reader</source>
            <translation>스마트폰을 리더기에 대 주십시오</translation>
        </message>
        <message>
            <source>Hold it still until the screen changes. This takes 1 to 2 seconds.</source>
            <translation>화면이 바뀔 때까지 움직이지 말고 대고 계십시오(1~2초).</translation>
        </message>
        <message>
            <source>This could not be read as a smartphone with the certificate. Please hold your smartphone, or use your card.</source>
            <translation>전자증명서가 있는 스마트폰으로 읽을 수 없습니다. 스마트폰을 대시거나 카드를 사용해 주십시오.</translation>
        </message>
        <message>
            <source>The smartphone could not be read. Please hold it over the reader again.</source>
            <translation>스마트폰을 읽을 수 없습니다. 다시 리더기에 대 주십시오.</translation>
        </message>
        <message>
            <source>Reading your smartphone… Keep holding it</source>
            <translation>스마트폰을 읽는 중입니다… 그대로 대고 계십시오</translation>
        </message>
        <message>
            <source>Do not move your smartphone until the screen changes.</source>
            <translation>화면이 바뀔 때까지 스마트폰을 움직이지 마십시오.</translation>
        </message>
        <message>
            <source>Your iPhone did not confirm that it is you</source>
            <translation>iPhone에서 본인 확인을 할 수 없었습니다</translation>
        </message>
        <message>
            <source>Face ID or Touch ID was cancelled or did not succeed. You can try again on your iPhone, use your card, or call a staff member.</source>
            <translation>Face ID 또는 Touch ID가 취소되었거나 실패했습니다. iPhone에서 다시 시도하시거나, 카드를 사용하시거나, 직원을 불러 주십시오.</translation>
        </message>
        <message>
            <source>The PIN of your smartphone is locked</source>
            <translation>스마트폰의 비밀번호가 잠겨 있습니다</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone cannot be used now. Your card has its own PIN and still works: today, please use your My Number Card.</source>
            <translation>스마트폰 전자증명서의 비밀번호는 지금 사용할 수 없습니다. 카드에는 별도의 비밀번호가 있어 그대로 사용할 수 있습니다. 오늘은 마이넘버카드를 사용해 주십시오.</translation>
        </message>
        <message>
            <source>The certificate on your smartphone cannot be used</source>
            <translation>스마트폰의 전자증명서를 사용할 수 없습니다</translation>
        </message>
        <message>
            <source>It has expired. A smartphone's certificate cannot be used after its expiry date, and it is renewed on its own, apart from the card. Today, please use your My Number Card.</source>
            <translation>유효기간이 지났습니다. 스마트폰의 전자증명서는 기한이 지나면 사용할 수 없으며, 카드와는 별도로 갱신해야 합니다. 오늘은 마이넘버카드를 사용해 주십시오.</translation>
        </message>
        <message>
            <source>It was cancelled. Please set up the certificate on your smartphone again. Today, please use your My Number Card.</source>
            <translation>실효되었습니다. 스마트폰에 전자증명서를 다시 설정해 주십시오. 오늘은 마이넘버카드를 사용해 주십시오.</translation>
        </message>
        <message>
            <source>Your My Number Card is not yet registered as a health insurance card. You can register it here with the card: place the card on the card reader.</source>
            <translation>마이넘버카드가 아직 건강보험증으로 등록되어 있지 않습니다. 카드로 여기에서 등록할 수 있습니다. 카드 리더기에 카드를 올려 주십시오.</translation>
        </message>
        <message>
            <source>The smartphone reader is not working. Please use your My Number Card.</source>
            <translation>스마트폰용 리더기가 작동하지 않습니다. 마이넘버카드를 사용해 주십시오.</translation>
        </message>
        <message>
            <source>Please take your smartphone</source>
            <translation>스마트폰을 가져가 주십시오</translation>
        </message>
        <message>
            <source>Please take your smartphone from the reader.</source>
            <translation>리더기에서 스마트폰을 가져가 주십시오.</translation>
        </message>
        <message>
            <source>Don't forget your smartphone!</source>
            <translation>스마트폰을 잊지 마십시오!</translation>
        </message>
        <message>
            <source>If you need help, please go to the reception desk.</source>
            <translation>도움이 필요하시면 접수처로 가 주십시오.</translation>
        </message>
        <message>
            <source>Please go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>자격확인서 또는 자격정보 안내를 가지고 접수처로 와 주십시오.</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please go to the reception desk.</source>
            <translation>접수 내용은 저장되었으며 나중에 확인됩니다. 접수처로 가 주십시오.</translation>
        </message>
        <message>
            <source>This reception uses your smartphone. Please take your card off the card reader.</source>
            <translation>스마트폰으로 접수 중입니다. 카드는 카드 리더기에서 가져가 주십시오.</translation>
        </message>
        <message>
            <source>This reception uses your card. Please take your smartphone away from the reader.</source>
            <translation>카드로 접수 중입니다. 스마트폰은 리더기에서 떼어 주십시오.</translation>
        </message>
        <message>
            <source>The smartphone moved away during the check. Please enter the PIN again.</source>
            <translation>확인 중에 스마트폰이 떨어졌습니다. 비밀번호를 다시 입력해 주십시오.</translation>
        </message>
        <message>
            <source>Your smartphone is an Android: please enter its PIN.</source>
            <translation>사용하시는 스마트폰은 Android입니다. 비밀번호를 입력해 주십시오.</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone, not your card's PIN.</source>
            <translation>스마트폰용 전자증명서의 비밀번호입니다. 카드 비밀번호와 다릅니다.</translation>
        </message>
        <message>
            <source>If it is wrong once more, it will be locked.</source>
            <translation>한 번 더 틀리면 잠깁니다.</translation>
        </message>
        <message>
            <source>Confirm on your iPhone, then hold it over the reader</source>
            <translation>iPhone에서 확인한 후 리더기에 대 주십시오</translation>
        </message>
        <message>
            <source>The smartphone moved away. Nothing is lost: please hold it again.</source>
            <translation>스마트폰이 떨어졌습니다. 입력한 내용은 그대로입니다. 다시 대 주십시오.</translation>
        </message>
        <message>
            <source>Use Face ID or Touch ID on your iPhone. Then hold it still until the screen changes (1 to 2 seconds).</source>
            <translation>iPhone의 Face ID 또는 Touch ID로 확인한 후, 화면이 바뀔 때까지(1~2초) 움직이지 말고 대 주십시오.</translation>
        </message>
        <message>
            <source>Smartphone PIN (4 digits)</source>
            <translation>스마트폰 비밀번호(4자리)</translation>
        </message>
        <message>
            <source>This is a smartphone</source>
            <translation>스마트폰입니다</translation>
        </message>
        <message>
            <source>Please take it off the card reader. To use a smartphone, tap Use a smartphone on the first screen and follow the steps. If the first screen has no such button, please use your My Number Card.</source>
            <translation>카드 리더기에서 치워 주십시오. 스마트폰으로 접수하시려면 첫 화면에서 「스마트폰 사용」을 누르고 안내에 따라 주십시오. 그 버튼이 없으면 마이넘버카드를 사용해 주십시오.</translation>
        </message>
        <message>
            <source>Listen again</source>
            <translation>다시 듣기</translation>
        </message>
        <message>
            <source>{n} digits entered.</source>
            <translation>{n}자리를 입력했습니다.</translation>
        </message>
        <message>
            <source>Press the Enter key.</source>
            <translation>Enter 키를 누르세요.</translation>
        </message>
        <message>
            <source>The voice comes from the headphones.</source>
            <translation>음성은 헤드폰에서 나옵니다.</translation>
        </message>
    </context>
</TS>
