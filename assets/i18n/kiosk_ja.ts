<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
    <context>
        <name>kiosk</name>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="20" />
            <source>Large text</source>
            <translation>大きな文字</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="21" />
            <source>Normal text</source>
            <translation>標準の文字</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="22" />
            <source>Call staff</source>
            <translation>係員を呼ぶ</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="23" />
            <source>Cancel</source>
            <translation>やめる</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="24" />
            <source>Please take your card from the reader.</source>
            <translation>カードリーダーからカードをお取りください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="27" />
            <source>Face recognition</source>
            <translation>顔認証</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="28" />
            <source>PIN (4 digits)</source>
            <translation>暗証番号（4桁）</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="29" />
            <source>Use my PIN instead</source>
            <translation>暗証番号にする</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="30" />
            <source>Try again</source>
            <translation>もう一度</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="31" />
            <source>Back</source>
            <translation>戻る</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="32" />
            <source>Clear</source>
            <translation>クリア</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="33" />
            <source>Delete</source>
            <translation>1字消す</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="34" />
            <source>OK</source>
            <translation>確定</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="35" />
            <source>I agree</source>
            <translation>同意する</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="36" />
            <source>I do not agree</source>
            <translation>同意しない</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="37" />
            <source>Provide</source>
            <translation>提供する</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="38" />
            <source>Do not provide</source>
            <translation>提供しない</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="39" />
            <source>Register</source>
            <translation>登録する</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="40" />
            <source>Do not register</source>
            <translation>登録しない</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="41" />
            <source>Continue</source>
            <translation>続ける</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="42" />
            <source>Same person: approve</source>
            <translation>本人と確認した</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="43" />
            <source>Not the same person</source>
            <translation>本人と確認できない</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="44" />
            <source>Close the kiosk</source>
            <translation>キオスクを終了する</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="47" />
            <source>Please place your My Number Card on the reader</source>
            <translation>マイナンバーカードを置いてください</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="48" />
            <source>Place the card face up on the reader. Leave it there until the screen tells you to take it.</source>
            <translation>カードリーダーにカードを表向きに置いてください。画面に案内が出るまで取らないでください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="52" />
            <source>Please wait. Do not take the card off the reader.</source>
            <translation>お待ちください。カードを取らないでください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="53" />
            <source>Reading your card…</source>
            <translation>カードを読み取っています…</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="56" />
            <source>How do you want to confirm that this is you?</source>
            <translation>本人確認の方法を選んでください</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="57" />
            <source>Face recognition compares your face with the photo in the card's chip.</source>
            <translation>顔認証では、カードのICチップの写真とお顔を照合します。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="60" />
            <source>Face recognition is not available right now. Please use your PIN.</source>
            <translation>ただいま顔認証は使えません。暗証番号をお使いください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="63" />
            <source>Getting ready for face recognition…</source>
            <translation>顔認証の準備をしています…</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="64" />
            <source>Look at the camera</source>
            <translation>カメラを見てください</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="65" />
            <source>Put your face inside the oval and take off your mask.</source>
            <translation>楕円の中にお顔を入れ、マスクを外してください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="66" />
            <source>Time left: {n} s</source>
            <translation>残り {n} 秒</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="67" />
            <source>Your face could not be confirmed</source>
            <translation>お顔を確認できませんでした</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="68" />
            <source>You can try again, use your PIN, or ask a staff member to check your card.</source>
            <translation>もう一度試すか、暗証番号を使うか、係員による確認を選べます。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="71" />
            <source>Face recognition cannot be used</source>
            <translation>顔認証が使えません</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="72" />
            <source>Please use your PIN, or ask a staff member to check your card.</source>
            <translation>暗証番号をお使いいただくか、係員による確認を受けてください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="75" />
            <source>The camera is not working. Please use your PIN, or call a staff member.</source>
            <translation>カメラが動いていません。暗証番号をお使いいただくか、係員を呼んでください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="78" />
            <source>The photo in the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>カードの写真を読み取れませんでした。暗証番号をお使いいただくか、係員を呼んでください。</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>カードの表面を読み取れませんでした。暗証番号をお使いいただくか、係員を呼んでください。</translation>
        </message>
        <message>
            <source>Face recognition cannot be used with this card now. Please use your PIN, or call a staff member.</source>
            <translation>このカードでは、いま顔認証をお使いいただけません。暗証番号をお使いいただくか、係員を呼んでください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="81" />
            <source>Checking your card…</source>
            <translation>カードを確認しています…</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="82" />
            <source>Enter your 4-digit PIN</source>
            <translation>暗証番号（4桁）を入力してください</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="83" />
            <source>This is the user-certificate PIN you chose when you received the card.</source>
            <translation>カードを受け取るときに決めた、利用者証明用電子証明書の暗証番号です。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="86" />
            <source>Tries left: {n}</source>
            <translation>残り {n} 回</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="87" />
            <source>The PIN was not correct.</source>
            <translation>暗証番号が違います。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="88" />
            <source>One more wrong PIN will lock it.</source>
            <translation>次に間違えるとロックされます。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="89" />
            <source>Checking your PIN…</source>
            <translation>暗証番号を確認しています…</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="90" />
            <source>Your PIN is locked</source>
            <translation>暗証番号がロックされています</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="91" />
            <source>The PIN was entered wrongly 3 times, so the card locked it. Only your city office can unlock it. Today you can use face recognition or ask a staff member.</source>
            <translation>暗証番号を3回間違えたため、カードがロックしました。解除はお住まいの市区町村の窓口でのみできます。本日は顔認証か、係員による確認をご利用ください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="98" />
            <source>A staff member is coming</source>
            <translation>係員がまいります</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="99" />
            <source>Please wait here. Staff: enter your staff PIN.</source>
            <translation>このままお待ちください。係員：職員用暗証番号を入力してください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="100" />
            <source>Staff PIN not accepted.</source>
            <translation>職員用暗証番号が違います。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="101" />
            <source>Staff functions are locked for {n} min.</source>
            <translation>職員機能は {n} 分間ロックされています。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="102" />
            <source>Staff: visual check</source>
            <translation>係員：目視確認</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="103" />
            <source>Compare the photo in the card's chip with the patient in front of the kiosk.</source>
            <translation>ICチップの写真と、キオスクの前の患者さんを見比べてください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="106" />
            <source>Chip photo not read: compare with the card's face.</source>
            <translation>チップの写真は未読取です。カード券面の写真と見比べてください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="107" />
            <source>Staff: close the kiosk</source>
            <translation>係員：キオスクの終了</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>Please wait here. A staff member has been called.</source>
            <translation>このままお待ちください。係員を呼びました。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>A staff member has seen your call and is on the way.</source>
            <translation>係員が呼び出しを確認しました。まもなくまいります。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>Staff: enter your staff PIN to start the visual check.</source>
            <translation>係員の方：目視確認を始めるには職員用暗証番号を入力してください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>Photo in the card&apos;s chip</source>
            <translation>ICチップの顔写真</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>Camera now</source>
            <translation>カメラの映像</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>From the card: born {birth} (age {age}), {sex}</source>
            <translation>カードの情報：{birth}生まれ（{age}歳）・{sex}</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>Name (eligibility answer): {name}</source>
            <translation>氏名（資格確認の結果）：{name}</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>Name, age and sex: compare with what is printed on the card.</source>
            <translation>氏名・年齢・性別はカード券面の記載と見比べてください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>The staff member decides at the reception desk.</source>
            <translation>係員が受付で確認・判定します。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>male</source>
            <translation>男性</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>female</source>
            <translation>女性</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="108" />
            <source>sex not stated</source>
            <translation>性別の記載なし</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="110" />
            <source>Checking your health insurance…</source>
            <translation>保険の資格を確認しています…</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="111" />
            <source>Your card is not yet registered for use as a health insurance card</source>
            <translation>マイナンバーカードの健康保険証利用登録がまだです</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="114" />
            <source>You can register now. It takes a few seconds, and after that the card works as your health insurance card at any clinic or pharmacy.</source>
            <translation>今ここで登録できます。数秒で終わり、登録後はどの医療機関・薬局でも保険証として使えます。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="119" />
            <source>Registering your card…</source>
            <translation>利用登録をしています…</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="122" />
            <source>Your past treatment and medicines</source>
            <translation>過去の診療・お薬の情報</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="123" />
            <source>May this clinic's doctors see the treatment and medicines you received at other clinics and pharmacies? It is used only here, only for today's care. You can say no; your treatment will not change.</source>
            <translation>他の医療機関や薬局での診療・お薬の情報を、当院の医師が見てもよいですか。当院で、本日の診療のためだけに使います。同意しなくても診療は変わりません。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="129" />
            <source>Your health check-up results</source>
            <translation>特定健診等の情報</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="130" />
            <source>May this clinic's doctors see the results of your specific health check-ups (for people aged 40 and over)? It is used only here, only for today's care.</source>
            <translation>特定健診（40歳以上の方）などの結果を、当院の医師が見てもよいですか。当院で、本日の診療のためだけに使います。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="135" />
            <source>Your diagnoses</source>
            <translation>診療情報（病名）</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="136" />
            <source>May this clinic's doctors see the diagnoses other clinics made? It is used only here, only for today's care.</source>
            <translation>他の医療機関でついた病名を、当院の医師が見てもよいですか。当院で、本日の診療のためだけに使います。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="141" />
            <source>Your past operations</source>
            <translation>手術情報</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="142" />
            <source>May this clinic's doctors see the operations you had at other hospitals? It is used only here, only for today's care.</source>
            <translation>他の病院で受けた手術の情報を、当院の医師が見てもよいですか。当院で、本日の診療のためだけに使います。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="147" />
            <source>Sharing your health information</source>
            <translation>健康・医療情報の活用</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="148" />
            <source>May this clinic's doctors see your past treatment, medicines, health check-ups and operations, and your high-cost medical expense limit? It is used only here, only for today's care.</source>
            <translation>過去の診療・お薬・健診・手術の情報と、高額療養費の限度額情報を、当院の医師が見てもよいですか。当院で、本日の診療のためだけに使います。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="154" />
            <source>Saving your answers…</source>
            <translation>回答を登録しています…</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="157" />
            <source>Reception is complete</source>
            <translation>受付が完了しました</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="158" />
            <source>Please take your card. If you use the high-cost medical expense system, press Provide before you take the card.</source>
            <translation>カードをお取りください。高額療養費制度を利用する方は、カードを取る前に「提供する」を押してください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="163" />
            <source>High-cost medical expense system: when your limit information is provided, you pay only up to your monthly limit at the counter.</source>
            <translation>高額療養費制度：限度額情報を提供すると、窓口でのお支払いが月ごとの限度額までになります。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="168" />
            <source>Thank you. Please take your card.</source>
            <translation>ありがとうございました。カードをお取りください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="169" />
            <source>Please wait to be called.</source>
            <translation>お呼びするまでお待ちください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="170" />
            <source>Your limit information was provided.</source>
            <translation>限度額情報を提供しました。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="171" />
            <source>Some answers could not be sent. Please tell the reception desk.</source>
            <translation>一部の回答を送れませんでした。受付窓口にお伝えください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="174" />
            <source>Your health insurance could not be confirmed</source>
            <translation>保険の資格を確認できませんでした</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="175" />
            <source>Please take your card and go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>カードをお取りになり、資格確認書または資格情報のお知らせをお持ちのうえ受付窓口へお越しください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="180" />
            <source>Your card's electronic certificate cannot be used</source>
            <translation>カードの電子証明書が使えません</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="181" />
            <source>It has expired or was revoked. Please take your card to the reception desk today and renew the certificate at your city office.</source>
            <translation>有効期限切れか失効しています。本日はカードを受付窓口へお持ちください。更新はお住まいの市区町村の窓口でできます。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="186" />
            <source>The insurance check is not available right now</source>
            <translation>ただいま資格確認ができません</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="187" />
            <source>Your reception is saved and will be checked later. Please take your card and show your Eligibility Information Notice or Certificate of Eligibility at the reception desk.</source>
            <translation>受付は保存され、後で確認します。カードをお取りになり、資格情報のお知らせまたは資格確認書を受付窓口でお見せください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="192" />
            <source>This card cannot be read</source>
            <translation>カードを読み取れません</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="193" />
            <source>Please take the card and check that it is your My Number Card, face up. If it still does not work, go to the reception desk.</source>
            <translation>カードを取り、マイナンバーカードを表向きに置いているか確かめてください。それでも読めない場合は受付窓口へお越しください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="198" />
            <source>This is not a My Number Card</source>
            <translation>マイナンバーカードではありません</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="199" />
            <source>The reception has ended</source>
            <translation>受付を終了しました</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="200" />
            <source>Please take your card. If you need help, go to the reception desk.</source>
            <translation>カードをお取りください。お困りの方は受付窓口へお越しください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="203" />
            <source>There was no answer for a while.</source>
            <translation>しばらく操作がありませんでした。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="204" />
            <source>The staff member could not confirm that this is you.</source>
            <translation>係員が本人と確認できませんでした。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="205" />
            <source>Without registration the card cannot be used today.</source>
            <translation>利用登録をしないと、本日はカードを保険証として使えません。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="206" />
            <source>The card reader did not answer.</source>
            <translation>カードリーダーが応答しませんでした。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="207" />
            <source>The insurance service refused the check.</source>
            <translation>資格確認サービスが確認を受け付けませんでした。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="208" />
            <source>Do you want to continue?</source>
            <translation>続けますか？</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="209" />
            <source>Otherwise the reception ends in {n} s.</source>
            <translation>操作がないと {n} 秒後に受付を終了します。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="213" />
            <source>Your face is not in view.</source>
            <translation>お顔が映っていません。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="214" />
            <source>Only one person, please.</source>
            <translation>お一人ずつお願いします。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="215" />
            <source>Come a little closer.</source>
            <translation>もう少し近づいてください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="216" />
            <source>Move back a little.</source>
            <translation>少し離れてください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="217" />
            <source>It is too dark.</source>
            <translation>暗すぎます。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="218" />
            <source>There is too much light behind you.</source>
            <translation>後ろが明るすぎます。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="219" />
            <source>Look straight at the camera.</source>
            <translation>カメラをまっすぐ見てください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="220" />
            <source>Please take off your mask, or use your PIN.</source>
            <translation>マスクを外すか、暗証番号をお使いください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="221" />
            <source>Please blink.</source>
            <translation>まばたきしてください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="222" />
            <source>Turn your head a little to your left.</source>
            <translation>少し左を向いてください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="223" />
            <source>Turn your head a little to your right.</source>
            <translation>少し右を向いてください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="224" />
            <source>Hold still…</source>
            <translation>そのままお待ちください…</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>How do you want to receive your prescription?</source>
            <translation>処方箋の受け取り方法を選んでください</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>With an electronic prescription the pharmacy receives it electronically; you do not carry paper. Either way you get the same medicine.</source>
            <translation>電子処方箋を選ぶと、処方箋の内容が薬局へ電子で届くので、紙の処方箋を持っていく必要はありません。どちらを選んでも、お薬は同じです。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>Electronic prescription</source>
            <translation>電子処方箋</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>Paper prescription</source>
            <translation>紙の処方箋</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>Do you want to use your medical expense subsidy certificates?</source>
            <translation>医療費助成の各種受給者証を利用しますか</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>For example a certificate for children&apos;s or single parents&apos; medical expenses from your city. If you use one, the clinic receives it with your insurance.</source>
            <translation>こども医療費やひとり親家庭医療費など、市区町村の受給者証のことです。利用すると、保険の情報と一緒に医療機関へ届きます。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>Use</source>
            <translation>利用する</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>Do not use</source>
            <translation>利用しない</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" line="97" />
            <source>The PIN is 4 digits. Please enter it again.</source>
            <translation>暗証番号は数字4桁です。もう一度入力してください。</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>This reception kiosk cannot be used now</source>
            <translation>この受付機は、ただいまご利用いただけません</translation>
        </message>
        <message>
            <location filename="../../kiosk/ui/texts.py" />
            <source>The card reader is not working. Please ask the staff at the reception desk.</source>
            <translation>カードリーダーが使えません。お手数ですが、受付の職員にお声がけください。</translation>
        </message>
    </context>
</TS>