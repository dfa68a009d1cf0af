<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
    <context>
        <name>kiosk</name>
        <message>
            <source>Large text</source>
            <translation>大きな文字</translation>
        </message>
        <message>
            <source>Normal text</source>
            <translation>標準の文字</translation>
        </message>
        <message>
            <source>Call staff</source>
            <translation>係員を呼ぶ</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>やめる</translation>
        </message>
        <message>
            <source>Please take your card from the reader.</source>
            <translation>カードリーダーからカードをお取りください。</translation>
        </message>
        <message>
            <source>Read card</source>
            <translation>読み取り</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>本人確認</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>同意取得</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>受付完了</translation>
        </message>
        <message>
            <source>Face recognition</source>
            <translation>顔認証</translation>
        </message>
        <message>
            <source>PIN (4 digits)</source>
            <translation>暗証番号（4桁）</translation>
        </message>
        <message>
            <source>Use my PIN instead</source>
            <translation>暗証番号にする</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>もう一度</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>戻る</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>クリア</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>1字消す</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>確定</translation>
        </message>
        <message>
            <source>I agree</source>
            <translation>同意する</translation>
        </message>
        <message>
            <source>I do not agree</source>
            <translation>同意しない</translation>
        </message>
        <message>
            <source>Provide</source>
            <translation>提供する</translation>
        </message>
        <message>
            <source>Do not provide</source>
            <translation>提供しない</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>登録する</translation>
        </message>
        <message>
            <source>Do not register</source>
            <translation>登録しない</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>続ける</translation>
        </message>
        <message>
            <source>More time</source>
            <translation>時間を延長</translation>
        </message>
        <message>
            <source>No, continue</source>
            <translation>いいえ、続けます</translation>
        </message>
        <message>
            <source>Yes, stop</source>
            <translation>はい、やめます</translation>
        </message>
        <message>
            <source>Same person: approve</source>
            <translation>本人と確認した</translation>
        </message>
        <message>
            <source>Not the same person</source>
            <translation>本人と確認できない</translation>
        </message>
        <message>
            <source>Close the kiosk</source>
            <translation>キオスクを終了する</translation>
        </message>
        <message>
            <source>Please place your My Number Card on the card reader</source>
            <translation>マイナンバーカードをカードリーダーに置いてください</translation>
        </message>
        <message>
            <source>Put the card face up. Leave it there until the screen asks you to take it.</source>
            <translation>カードは表向きに置き、画面に「お取りください」と出るまで、そのままにしてください。</translation>
        </message>
        <message>
            <source>This reception kiosk cannot be used now</source>
            <translation>この受付機は、ただいまご利用いただけません</translation>
        </message>
        <message>
            <source>The card reader is not working. Please ask the staff at the reception desk.</source>
            <translation>カードリーダーが使えません。お手数ですが、受付の職員にお声がけください。</translation>
        </message>
        <message>
            <source>A patient's reception is in progress. Close the kiosk once it has ended.</source>
            <translation>受付中の患者さんがいます。受付が終わってから終了してください。</translation>
        </message>
        <message>
            <source>Receptions cannot be saved right now. Please ask the staff at the reception desk.</source>
            <translation>ただいま受付の記録を保存できません。お手数ですが、受付の職員にお声がけください。</translation>
        </message>
        <message>
            <source>Please wait. Leave your card on the reader.</source>
            <translation>カードは置いたまま、お待ちください。</translation>
        </message>
        <message>
            <source>This is taking a little longer. Please keep waiting.</source>
            <translation>少し時間がかかっています。もうしばらくお待ちください。</translation>
        </message>
        <message>
            <source>Reading your card…</source>
            <translation>カードを読み取っています…</translation>
        </message>
        <message>
            <source>Choose face recognition or PIN</source>
            <translation>顔認証または暗証番号のどちらかを選んでください</translation>
        </message>
        <message>
            <source>Face recognition: the camera compares your face with the photo in the card. PIN: the 4 digits you set when you applied for the card.</source>
            <translation>顔認証：カメラでお顔を写し、カードの写真と照らし合わせます。暗証番号：カード申請時に設定した4桁の番号です。</translation>
        </message>
        <message>
            <source>Face recognition cannot be used right now. Please use your PIN.</source>
            <translation>ただいま顔認証は使えません。暗証番号をお使いください。</translation>
        </message>
        <message>
            <source>Getting ready for face recognition…</source>
            <translation>顔認証の準備をしています…</translation>
        </message>
        <message>
            <source>Look at the camera</source>
            <translation>カメラの方を向いてください</translation>
        </message>
        <message>
            <source>Fit your face inside the frame on the screen; the picture is taken automatically. Please take off your mask.</source>
            <translation>画面の枠に顔が収まるようにすると、自動的に撮影されます。マスクは外してください。</translation>
        </message>
        <message>
            <source>Time left: {n} s</source>
            <translation>残り {n} 秒</translation>
        </message>
        <message>
            <source>Your face could not be confirmed</source>
            <translation>お顔を確認できませんでした</translation>
        </message>
        <message>
            <source>You can try again, use your PIN, or call a staff member.</source>
            <translation>もう一度ためすか、暗証番号にするか、係員をお呼びください。</translation>
        </message>
        <message>
            <source>Face recognition cannot be used</source>
            <translation>顔認証が使えません</translation>
        </message>
        <message>
            <source>Please use your PIN. If you do not know it, call a staff member.</source>
            <translation>暗証番号をお使いください。わからないときは、係員をお呼びください。</translation>
        </message>
        <message>
            <source>The camera is not working. Please use your PIN, or call a staff member.</source>
            <translation>カメラが使えません。暗証番号をお使いいただくか、係員をお呼びください。</translation>
        </message>
        <message>
            <source>The photo in the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>カードの写真を読み取れませんでした。暗証番号をお使いいただくか、係員をお呼びください。</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>カードの表面を読み取れませんでした。暗証番号をお使いいただくか、係員をお呼びください。</translation>
        </message>
        <message>
            <source>Face recognition cannot be used with this card now. Please use your PIN, or call a staff member.</source>
            <translation>このカードでは、いま顔認証をお使いいただけません。暗証番号をお使いいただくか、係員をお呼びください。</translation>
        </message>
        <message>
            <source>Checking your card…</source>
            <translation>カードを確認しています…</translation>
        </message>
        <message>
            <source>Enter your 4-digit PIN</source>
            <translation>暗証番号（4桁）を入力してください</translation>
        </message>
        <message>
            <source>The 4-digit PIN you set when you applied for the card.</source>
            <translation>カード申請時に設定した4桁の暗証番号です。</translation>
        </message>
        <message>
            <source>Tries left: {n}</source>
            <translation>残り {n} 回</translation>
        </message>
        <message>
            <source>The PIN is not correct.</source>
            <translation>暗証番号が違います。</translation>
        </message>
        <message>
            <source>The PIN is 4 digits. Please enter it again.</source>
            <translation>暗証番号は数字4桁です。もう一度入力してください。</translation>
        </message>
        <message>
            <source>If it is wrong once more, the PIN will be locked.</source>
            <translation>次に間違えると、暗証番号がロックされます。</translation>
        </message>
        <message>
            <source>Checking your PIN…</source>
            <translation>暗証番号を確認しています…</translation>
        </message>
        <message>
            <source>Your PIN is locked</source>
            <translation>暗証番号がロックされています</translation>
        </message>
        <message>
            <source>The PIN was entered wrongly 3 times, so it is locked. Your city office can unlock it. Today, please use face recognition or call a staff member.</source>
            <translation>暗証番号を3回間違えたため、ロックされました。解除はお住まいの市区町村の窓口でできます。本日は顔認証をお使いいただくか、係員をお呼びください。</translation>
        </message>
        <message>
            <source>A staff member is coming</source>
            <translation>係員がまいります</translation>
        </message>
        <message>
            <source>Please wait here. Staff: enter your staff PIN.</source>
            <translation>このままお待ちください。係員：職員用暗証番号を入力してください。</translation>
        </message>
        <message>
            <source>Staff PIN not accepted.</source>
            <translation>職員用暗証番号が違います。</translation>
        </message>
        <message>
            <source>Staff functions are locked for {n} min.</source>
            <translation>職員機能は {n} 分間ロックされています。</translation>
        </message>
        <message>
            <source>Staff: visual check</source>
            <translation>係員：目視確認</translation>
        </message>
        <message>
            <source>Compare the photo in the card's chip with the patient in front of the kiosk.</source>
            <translation>ICチップの写真と、キオスクの前の患者さんを見比べてください。</translation>
        </message>
        <message>
            <source>Chip photo not read: compare with the card's face.</source>
            <translation>チップの写真は未読取です。カード券面の写真と見比べてください。</translation>
        </message>
        <message>
            <source>Staff: close the kiosk</source>
            <translation>係員：キオスクの終了</translation>
        </message>
        <message>
            <source>Please wait here. A staff member has been called.</source>
            <translation>このままお待ちください。係員を呼びました。</translation>
        </message>
        <message>
            <source>Your call could not reach the staff. Please speak to the reception desk.</source>
            <translation>係員への呼び出しが届きませんでした。お手数ですが、受付窓口にお声がけください。</translation>
        </message>
        <message>
            <source>A staff member has seen your call and is on the way.</source>
            <translation>係員が呼び出しを確認しました。まもなくまいります。</translation>
        </message>
        <message>
            <source>Staff: enter your staff PIN to start the visual check.</source>
            <translation>係員の方：目視確認を始めるには職員用暗証番号を入力してください。</translation>
        </message>
        <message>
            <source>Photo in the card's chip</source>
            <translation>ICチップの顔写真</translation>
        </message>
        <message>
            <source>Camera now</source>
            <translation>カメラの映像</translation>
        </message>
        <message>
            <source>From the card: born {birth} (age {age}), {sex}</source>
            <translation>カードの情報：{birth}生まれ（{age}歳）・{sex}</translation>
        </message>
        <message>
            <source>Name (eligibility answer): {name}</source>
            <translation>氏名（資格確認の結果）：{name}</translation>
        </message>
        <message>
            <source>Name, age and sex: compare with what is printed on the card.</source>
            <translation>氏名・年齢・性別はカード券面の記載と見比べてください。</translation>
        </message>
        <message>
            <source>male</source>
            <translation>男性</translation>
        </message>
        <message>
            <source>female</source>
            <translation>女性</translation>
        </message>
        <message>
            <source>sex not stated</source>
            <translation>性別の記載なし</translation>
        </message>
        <message>
            <source>A staff member has been called. Please wait here.</source>
            <translation>係員を呼びました。このままお待ちください。</translation>
        </message>
        <message>
            <source>Checking your health insurance…</source>
            <translation>保険の資格を確認しています…</translation>
        </message>
        <message>
            <source>Identity confirmed</source>
            <translation>本人確認ができました</translation>
        </message>
        <message>
            <source>Your card is not yet registered as a health insurance card</source>
            <translation>マイナンバーカードの保険証としての登録がまだです</translation>
        </message>
        <message>
            <source>You can register it here, now. Afterwards the card works as your health insurance card at any clinic or pharmacy.</source>
            <translation>このカードリーダーで、今すぐ登録できます。登録すると、どの医療機関・薬局でも保険証として使えます。</translation>
        </message>
        <message>
            <source>By pressing Register you agree to the terms for using the My Number Card as a health insurance card, and your insurance can then be checked with this card. You can ask to cancel the registration later.</source>
            <translation>「登録する」を押すと、マイナンバーカードの健康保険証利用の規約に同意したことになり、ご加入の保険の資格をこのカードで確認できるようになります。登録は、あとから解除を申し込めます。</translation>
        </message>
        <message>
            <source>Registering your card…</source>
            <translation>登録しています…</translation>
        </message>
        <message>
            <source>① Your past treatment and medicines</source>
            <translation>①過去の診療・お薬の情報</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment and of the medicines you were prescribed? They are used only for your care. If you do not agree, you are still treated as usual.</source>
            <translation>過去の診療や、処方されたお薬の情報を、当院の医師に提供してもよいですか。あなたの診療のためだけに使います。同意しなくても、いつもどおり診療を受けられます。</translation>
        </message>
        <message>
            <source>② Your health check-up results</source>
            <translation>②特定健診情報</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the results of your metabolic check-ups (ages 40–74) and check-ups for older people (75 and over)? They are used for your care and your health.</source>
            <translation>メタボ健診（40～74歳）や高齢者健診（75歳以上）の結果を、当院の医師に提供してもよいですか。あなたの診療や健康管理のために使います。</translation>
        </message>
        <message>
            <source>Your diagnoses</source>
            <translation>診療情報（病名など）</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the diagnoses made at other clinics? They are used only for your care.</source>
            <translation>ほかの医療機関でついた病名などの情報を、当院の医師に提供してもよいですか。あなたの診療のためだけに使います。</translation>
        </message>
        <message>
            <source>Your past operations</source>
            <translation>手術の情報</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of operations you had at other hospitals? They are used only for your care.</source>
            <translation>ほかの病院で受けた手術の情報を、当院の医師に提供してもよいですか。あなたの診療のためだけに使います。</translation>
        </message>
        <message>
            <source>Sharing your medical information</source>
            <translation>医療情報の提供</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment, medicines, health check-ups and operations? They are used only for your care. Your high-cost medical expense limit goes to the payment counter, so you pay no more than your limit.</source>
            <translation>過去の診療・お薬・健診・手術の情報を、当院の医師に提供してもよいですか。あなたの診療のためだけに使います。高額療養費の限度額情報は、お支払いのため窓口に提供され、限度額以上の支払いが不要になります。</translation>
        </message>
        <message>
            <source>Saving your answers…</source>
            <translation>回答を登録しています…</translation>
        </message>
        <message>
            <source>How do you want to receive your prescription?</source>
            <translation>処方箋の受け取り方法を選んでください</translation>
        </message>
        <message>
            <source>With an electronic prescription the pharmacy receives it electronically; you do not carry paper. Either way you get the same medicine.</source>
            <translation>電子処方箋を選ぶと、処方箋の内容が薬局へ電子で届くので、紙の処方箋を持っていく必要はありません。どちらを選んでも、お薬は同じです。</translation>
        </message>
        <message>
            <source>Electronic prescription</source>
            <translation>電子処方箋</translation>
        </message>
        <message>
            <source>Paper prescription</source>
            <translation>紙の処方箋</translation>
        </message>
        <message>
            <source>Do you want to use your medical expense subsidy certificates?</source>
            <translation>医療費助成の各種受給者証を利用しますか</translation>
        </message>
        <message>
            <source>For example a certificate for children's or single parents' medical expenses from your city. If you use one, the clinic receives it with your insurance.</source>
            <translation>こども医療費やひとり親家庭医療費など、市区町村の受給者証のことです。利用すると、保険の情報と一緒に医療機関へ届きます。</translation>
        </message>
        <message>
            <source>Use</source>
            <translation>利用する</translation>
        </message>
        <message>
            <source>Do not use</source>
            <translation>利用しない</translation>
        </message>
        <message>
            <source>Do you want to provide your limit information?</source>
            <translation>限度額情報を提供しますか</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide before you take your card. Then you pay no more than your limit at the counter.</source>
            <translation>高額療養費制度をご利用の方は、カードを取らずに「提供する」を押してください。窓口で限度額以上の支払いが不要になります。</translation>
        </message>
        <message>
            <source>After you answer, please take your card.</source>
            <translation>どちらかを押したあと、カードをお取りください。</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide. Then you pay no more than your limit at the counter.</source>
            <translation>高額療養費制度をご利用の方は、「提供する」を押してください。窓口で限度額以上の支払いが不要になります。</translation>
        </message>
        <message>
            <source>Please take your card from the card reader</source>
            <translation>カードをカードリーダーからお取りください</translation>
        </message>
        <message>
            <source>Your reception is complete.</source>
            <translation>受付が完了しました。</translation>
        </message>
        <message>
            <source>Your limit information was provided.</source>
            <translation>限度額情報を提供しました。</translation>
        </message>
        <message>
            <source>Some answers could not be sent. Please tell the reception desk.</source>
            <translation>一部の回答を送れませんでした。受付窓口にお伝えください。</translation>
        </message>
        <message>
            <source>Thank you</source>
            <translation>ありがとうございました</translation>
        </message>
        <message>
            <source>Please wait until you are called.</source>
            <translation>お呼びするまでお待ちください。</translation>
        </message>
        <message>
            <source>Please go to the reception desk.</source>
            <translation>受付窓口へお越しください。</translation>
        </message>
        <message>
            <source>Don't forget your card!</source>
            <translation>カードをお忘れなく！</translation>
        </message>
        <message>
            <source>The card was taken off the reader</source>
            <translation>カードが取り出されました</translation>
        </message>
        <message>
            <source>The reception has stopped. To start again, place your card on the reader again.</source>
            <translation>受付を中止しました。はじめからやり直すときは、もう一度カードを置いてください。</translation>
        </message>
        <message>
            <source>Do you want to stop the reception?</source>
            <translation>受付をやめますか？</translation>
        </message>
        <message>
            <source>If you stop, you will need to start again from the beginning.</source>
            <translation>やめると、はじめからやり直しになります。</translation>
        </message>
        <message>
            <source>Your health insurance could not be confirmed</source>
            <translation>保険の資格を確認できませんでした</translation>
        </message>
        <message>
            <source>Please take your card and go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>カードをお取りになり、資格確認書または資格情報のお知らせをお持ちのうえ、受付窓口へお越しください。</translation>
        </message>
        <message>
            <source>Your card's electronic certificate cannot be used</source>
            <translation>カードの電子証明書が使えません</translation>
        </message>
        <message>
            <source>It has expired or was cancelled. Please take your card to the reception desk. Your city office can renew it.</source>
            <translation>有効期限が切れているか、失効しています。カードをお取りになり、受付窓口へお越しください。更新はお住まいの市区町村の窓口でできます。</translation>
        </message>
        <message>
            <source>The insurance check cannot be done right now</source>
            <translation>ただいま保険の資格を確認できません</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please take your card and go to the reception desk.</source>
            <translation>受付は保存しましたので、あとで確認します。カードをお取りになり、受付窓口へお越しください。</translation>
        </message>
        <message>
            <source>This card cannot be read</source>
            <translation>カードを読み取れません</translation>
        </message>
        <message>
            <source>Please take the card and place it again, face up. If it still cannot be read, please go to the reception desk.</source>
            <translation>カードをお取りになり、表向きにもう一度置いてください。それでも読めないときは、受付窓口へお越しください。</translation>
        </message>
        <message>
            <source>This is not a My Number Card</source>
            <translation>マイナンバーカードではありません</translation>
        </message>
        <message>
            <source>Please take this card and place your My Number Card instead. If you do not have one, please go to the reception desk.</source>
            <translation>このカードをお取りになり、マイナンバーカードを置いてください。お持ちでない方は、受付窓口へお越しください。</translation>
        </message>
        <message>
            <source>A Basic Resident Register Card cannot be used as a health insurance card</source>
            <translation>住民基本台帳カードは保険証として使えません</translation>
        </message>
        <message>
            <source>The reception has ended</source>
            <translation>受付を終了しました</translation>
        </message>
        <message>
            <source>Please take your card. If you need help, please go to the reception desk.</source>
            <translation>カードをお取りください。お困りのときは、受付窓口へお越しください。</translation>
        </message>
        <message>
            <source>There was no answer for a while.</source>
            <translation>しばらく操作がありませんでした。</translation>
        </message>
        <message>
            <source>You stopped the reception.</source>
            <translation>受付をやめました。</translation>
        </message>
        <message>
            <source>The staff member could not confirm that this is you.</source>
            <translation>係員が、ご本人と確認できませんでした。</translation>
        </message>
        <message>
            <source>Without registration, the card cannot be used as a health insurance card today.</source>
            <translation>登録をしないと、本日はカードを保険証として使えません。</translation>
        </message>
        <message>
            <source>The card reader did not answer.</source>
            <translation>カードリーダーが応答しませんでした。</translation>
        </message>
        <message>
            <source>The insurance check was refused.</source>
            <translation>資格確認が受け付けられませんでした。</translation>
        </message>
        <message>
            <source>Do you want to continue?</source>
            <translation>続けますか？</translation>
        </message>
        <message>
            <source>If there is no answer, the reception ends in {n} s.</source>
            <translation>操作がないと、{n} 秒後に受付を終了します。</translation>
        </message>
        <message>
            <source>Your face is not in view.</source>
            <translation>お顔が映っていません。</translation>
        </message>
        <message>
            <source>Only one person, please.</source>
            <translation>お一人ずつお願いします。</translation>
        </message>
        <message>
            <source>Come a little closer.</source>
            <translation>もう少し近づいてください。</translation>
        </message>
        <message>
            <source>Move back a little.</source>
            <translation>少し離れてください。</translation>
        </message>
        <message>
            <source>It is too dark.</source>
            <translation>暗すぎます。</translation>
        </message>
        <message>
            <source>There is too much light behind you.</source>
            <translation>後ろが明るすぎます。</translation>
        </message>
        <message>
            <source>Look straight at the camera.</source>
            <translation>カメラをまっすぐ見てください。</translation>
        </message>
        <message>
            <source>Please take off your mask, or use your PIN.</source>
            <translation>マスクを外すか、暗証番号をお使いください。</translation>
        </message>
        <message>
            <source>Please blink.</source>
            <translation>まばたきしてください。</translation>
        </message>
        <message>
            <source>Turn your head a little to your left.</source>
            <translation>少し左を向いてください。</translation>
        </message>
        <message>
            <source>Turn your head a little to your right.</source>
            <translation>少し右を向いてください。</translation>
        </message>
        <message>
            <source>Hold still…</source>
            <translation>そのままお待ちください…</translation>
        </message>
        <message>
            <source>You can stay seated. Raise your face a little towards the camera.</source>
            <translation>座ったままで大丈夫です。顔を少し上げて、カメラを見てください。</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Please tilt or move the card a little.</source>
            <translation>カードに光が反射しています。カードを少し傾けるか、ずらしてください。</translation>
        </message>
        <message>
            <source>Take the card off the reader and hold its front up to the camera.</source>
            <translation>カードをリーダーから取り、表面をカメラに向けてください。</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Keep the card on the reader and slide it a little.</source>
            <translation>カードに光が反射しています。カードをリーダーに置いたまま、少しずらしてください。</translation>
        </message>
        <message>
            <source>Please place your card on the reader again</source>
            <translation>カードをもう一度リーダーに置いてください</translation>
        </message>
        <message>
            <source>The front of the card has been read. Place the same card on the reader.</source>
            <translation>カードの表面を読み取りました。同じカードをリーダーに置いてください。</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Place the same card on the reader.</source>
            <translation>カードの表面を読み取れませんでした。同じカードをリーダーに置いてください。</translation>
        </message>
        <message>
            <source>{year}-{month:02d}-{day:02d}</source>
            <translation>{year}年{month}月{day}日</translation>
        </message>
        <message>
            <source>Your card's certificate expires on {date}. Please renew it at your city office.</source>
            <translation>電子証明書の有効期限が近づいています（{date}まで）。市区町村の窓口で更新してください。</translation>
        </message>
        <message>
            <source>Your card's certificate expired on {date}. Until {until} it still works as your insurance card, but no medical or medication data can be shared. Renew it at your city office.</source>
            <translation>電子証明書の有効期限が{date}に切れています。{until}までは保険証として使えますが、診療・お薬の情報は提供できません。市区町村の窓口で更新してください。</translation>
        </message>
        <message>
            <source>This is not the card you showed</source>
            <translation>最初に読み取ったカードと違います</translation>
        </message>
        <message>
            <source>The reception has stopped. A staff member has been called. Please take this card and wait.</source>
            <translation>受付を中止しました。係員をお呼びしました。このカードを取って、お待ちください。</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used (it is locked, or the card was issued without a PIN). Today, please use face recognition or call a staff member.</source>
            <translation>このカードの暗証番号は使えません（ロックされているか、暗証番号なしで発行されたカードです）。本日は顔認証をお使いいただくか、係員をお呼びください。</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used either. Please press Call staff.</source>
            <translation>このカードの暗証番号も使えません。「係員を呼ぶ」を押してください。</translation>
        </message>
        <message>
            <source>Face recognition cannot be used either. Please press Call staff.</source>
            <translation>顔認証も使えません。「係員を呼ぶ」を押してください。</translation>
        </message>
        <message>
            <source>Checking the card…</source>
            <translation>カードを確認しています…</translation>
        </message>
        <message>
            <source>Staff: enter number B from the card</source>
            <translation>係員：照合番号Bの入力</translation>
        </message>
        <message>
            <source>Type it as printed on the card front.</source>
            <translation>カード券面の記載どおりに入力してください。</translation>
        </message>
        <message>
            <source>Enter birth date, expiry, code</source>
            <translation>生年月日・有効期限・コードで入力</translation>
        </message>
        <message>
            <source>Enter the 14 digits</source>
            <translation>照合番号B（14桁）で入力</translation>
        </message>
        <message>
            <source>Western</source>
            <translation>西暦</translation>
        </message>
        <message>
            <source>Year {v}</source>
            <translation>{v}年</translation>
        </message>
        <message>
            <source>Month {v}</source>
            <translation>{v}月</translation>
        </message>
        <message>
            <source>Day {v}</source>
            <translation>{v}日</translation>
        </message>
        <message>
            <source>Valid until {v}</source>
            <translation>{v}年まで有効</translation>
        </message>
        <message>
            <source>Security code {v}</source>
            <translation>セキュリティコード {v}</translation>
        </message>
        <message>
            <source>Number B {v}</source>
            <translation>照合番号B {v}</translation>
        </message>
        <message>
            <source>Tries left on the card: {n}. This kiosk stops after {k} more.</source>
            <translation>カードの残り回数：{n}回（この端末ではあと{k}回まで）</translation>
        </message>
        <message>
            <source>The card did not accept this number: one try was used. Check the card and enter it again.</source>
            <translation>番号が違います（カードの残り回数が1回減りました）。券面を確かめてください。</translation>
        </message>
        <message>
            <source>This birth date is not possible. Not sent to the card: no try was used.</source>
            <translation>生年月日が正しくありません。カードには送っていません（残り回数は減っていません）。</translation>
        </message>
        <message>
            <source>This expiry year is not possible. Not sent to the card: no try was used.</source>
            <translation>有効期限の年が正しくありません。カードには送っていません（残り回数は減っていません）。</translation>
        </message>
        <message>
            <source>The security code is 4 digits. Not sent to the card: no try was used.</source>
            <translation>セキュリティコードは4桁です。カードには送っていません（残り回数は減っていません）。</translation>
        </message>
        <message>
            <source>Visual check instead</source>
            <translation>目視確認にする</translation>
        </message>
        <message>
            <source>Enter number B</source>
            <translation>照合番号Bを入力</translation>
        </message>
        <message>
            <source>Number B can no longer be entered for this card (its remaining tries are kept). Please check visually.</source>
            <translation>このカードにはこれ以上照合番号Bを入力できません（残り回数を守るため）。目視で確認してください。</translation>
        </message>
        <message>
            <source>Use a smartphone</source>
            <translation>スマートフォンを使う</translation>
        </message>
        <message>
            <source>Use my card instead</source>
            <translation>マイナンバーカードを使う</translation>
        </message>
        <message>
            <source>Which smartphone do you have?</source>
            <translation>お使いのスマートフォンを選んでください</translation>
        </message>
        <message>
            <source>For a smartphone with the My Number Card's certificate set up on it. On your first visit, please also bring your My Number Card.</source>
            <translation>マイナンバーカードの電子証明書をスマートフォンに設定している方がお使いになれます。初めて受診するときは、マイナンバーカードもお持ちください。</translation>
        </message>
        <message>
            <source>Hold your smartphone over the reader</source>
            <translation>スマートフォンをリーダーにかざしてください</translation>
        </message>
        <message>
            <source>Hold it still until the screen changes. This takes 1 to 2 seconds.</source>
            <translation>画面が変わるまで、動かさずにかざしたままにしてください（1〜2秒です）。</translation>
        </message>
        <message>
            <source>This could not be read as a smartphone with the certificate. Please hold your smartphone, or use your card.</source>
            <translation>電子証明書のあるスマートフォンとして読み取れませんでした。お使いのスマートフォンをかざすか、マイナンバーカードをお使いください。</translation>
        </message>
        <message>
            <source>The smartphone could not be read. Please hold it over the reader again.</source>
            <translation>スマートフォンを読み取れませんでした。もう一度リーダーにかざしてください。</translation>
        </message>
        <message>
            <source>Reading your smartphone… Keep holding it</source>
            <translation>読み取っています。スマートフォンを動かさないでください</translation>
        </message>
        <message>
            <source>Do not move your smartphone until the screen changes.</source>
            <translation>画面が変わるまで、スマートフォンを動かさないでください。</translation>
        </message>
        <message>
            <source>Your iPhone did not confirm that it is you</source>
            <translation>iPhoneで本人確認ができませんでした</translation>
        </message>
        <message>
            <source>Face ID or Touch ID was cancelled or did not succeed. You can try again on your iPhone, use your card, or call a staff member.</source>
            <translation>Face IDまたはTouch IDが取り消されたか、うまくいきませんでした。iPhoneでもう一度お試しいただくか、マイナンバーカードをお使いいただくか、係員をお呼びください。</translation>
        </message>
        <message>
            <source>The PIN of your smartphone is locked</source>
            <translation>スマートフォンの暗証番号がロックされています</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone cannot be used now. Your card has its own PIN and still works: today, please use your My Number Card.</source>
            <translation>スマートフォンの電子証明書の暗証番号は、いまは使えません。カードには別の暗証番号があり、カードはそのまま使えます。本日はマイナンバーカードをお使いください。</translation>
        </message>
        <message>
            <source>The certificate on your smartphone cannot be used</source>
            <translation>スマートフォンの電子証明書が使えません</translation>
        </message>
        <message>
            <source>It has expired. A smartphone's certificate cannot be used after its expiry date, and it is renewed on its own, apart from the card. Today, please use your My Number Card.</source>
            <translation>有効期限が切れています。スマートフォンの電子証明書は期限が過ぎると使えません。更新はカードとは別に必要です。本日はマイナンバーカードをお使いください。</translation>
        </message>
        <message>
            <source>It was cancelled. Please set up the certificate on your smartphone again. Today, please use your My Number Card.</source>
            <translation>失効しています。スマートフォンに電子証明書をもう一度設定してください。本日はマイナンバーカードをお使いください。</translation>
        </message>
        <message>
            <source>Your My Number Card is not yet registered as a health insurance card. You can register it here with the card: place the card on the card reader.</source>
            <translation>マイナンバーカードが、まだ健康保険証として登録されていません。カードを使って、ここで登録できます。カードリーダーにカードを置いてください。</translation>
        </message>
        <message>
            <source>The smartphone reader is not working. Please use your My Number Card.</source>
            <translation>スマートフォン用のリーダーが使えません。マイナンバーカードをお使いください。</translation>
        </message>
        <message>
            <source>Please take your smartphone</source>
            <translation>スマートフォンをお取りください</translation>
        </message>
        <message>
            <source>Please take your smartphone from the reader.</source>
            <translation>リーダーからスマートフォンをお取りください。</translation>
        </message>
        <message>
            <source>Don't forget your smartphone!</source>
            <translation>スマートフォンのお忘れにご注意ください</translation>
        </message>
        <message>
            <source>If you need help, please go to the reception desk.</source>
            <translation>お困りのときは、受付にお声がけください。</translation>
        </message>
        <message>
            <source>Please go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>資格確認書または資格情報のお知らせをお持ちのうえ、受付へお越しください。</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please go to the reception desk.</source>
            <translation>受付内容は保存され、あとで確認されます。受付へお越しください。</translation>
        </message>
        <message>
            <source>This reception uses your smartphone. Please take your card off the card reader.</source>
            <translation>スマートフォンで受付中です。カードはカードリーダーからお取りください。</translation>
        </message>
        <message>
            <source>This reception uses your card. Please take your smartphone away from the reader.</source>
            <translation>カードで受付中です。スマートフォンはリーダーから離してください。</translation>
        </message>
        <message>
            <source>The smartphone moved away during the check. Please enter the PIN again.</source>
            <translation>確認中にスマートフォンが離れました。暗証番号をもう一度入力してください。</translation>
        </message>
        <message>
            <source>Your smartphone is an Android: please enter its PIN.</source>
            <translation>お使いのスマートフォンはAndroidです。暗証番号を入力してください。</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone, not your card's PIN.</source>
            <translation>スマホ用電子証明書の暗証番号です。カードの暗証番号とは別です。</translation>
        </message>
        <message>
            <source>If it is wrong once more, it will be locked.</source>
            <translation>あと1回間違えるとロックされます。</translation>
        </message>
        <message>
            <source>Confirm on your iPhone, then hold it over the reader</source>
            <translation>iPhoneで確認してから、リーダーにかざしてください</translation>
        </message>
        <message>
            <source>The smartphone moved away. Nothing is lost: please hold it again.</source>
            <translation>スマートフォンが離れました。入力した内容はそのままです。もう一度かざしてください。</translation>
        </message>
        <message>
            <source>Use Face ID or Touch ID on your iPhone. Then hold it still until the screen changes (1 to 2 seconds).</source>
            <translation>iPhoneのFace IDまたはTouch IDで確認し、画面が変わるまで（1〜2秒）動かさずにかざしてください。</translation>
        </message>
        <message>
            <source>Smartphone PIN (4 digits)</source>
            <translation>スマホの暗証番号（4桁）</translation>
        </message>
        <message>
            <source>This is a smartphone</source>
            <translation>これはスマートフォンです</translation>
        </message>
        <message>
            <source>Please take it off the card reader. To use a smartphone, tap Use a smartphone on the first screen and follow the steps. If the first screen has no such button, please use your My Number Card.</source>
            <translation>カードリーダーから取ってください。スマートフォンで受け付けるときは、最初の画面で「スマートフォンを使う」を押して、案内に従ってください。そのボタンがないときは、マイナンバーカードをお使いください。</translation>
        </message>
        <message>
            <source>Listen again</source>
            <translation>もう一度聞く</translation>
        </message>
        <message>
            <source>{n} digits entered.</source>
            <translation>{n}桁入力しました。</translation>
        </message>
        <message>
            <source>Press the Enter key.</source>
            <translation>Enterキーを押してください。</translation>
        </message>
        <message>
            <source>The voice comes from the headphones.</source>
            <translation>音声はヘッドホンから流れます。</translation>
        </message>
    </context>
</TS>
