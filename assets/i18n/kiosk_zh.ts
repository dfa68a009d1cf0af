<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>kiosk</name>
        <message>
            <source>Large text</source>
            <translation>大字体</translation>
        </message>
        <message>
            <source>Normal text</source>
            <translation>标准字体</translation>
        </message>
        <message>
            <source>Call staff</source>
            <translation>呼叫工作人员</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Please take your card from the reader.</source>
            <translation>请从读卡器上取走您的卡。</translation>
        </message>
        <message>
            <source>Read card</source>
            <translation>读卡</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>身份确认</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>同意</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Face recognition</source>
            <translation>人脸识别</translation>
        </message>
        <message>
            <source>PIN (4 digits)</source>
            <translation>密码（4位）</translation>
        </message>
        <message>
            <source>Use my PIN instead</source>
            <translation>改用密码</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>再试一次</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>I agree</source>
            <translation>同意</translation>
        </message>
        <message>
            <source>I do not agree</source>
            <translation>不同意</translation>
        </message>
        <message>
            <source>Provide</source>
            <translation>提供</translation>
        </message>
        <message>
            <source>Do not provide</source>
            <translation>不提供</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>登记</translation>
        </message>
        <message>
            <source>Do not register</source>
            <translation>不登记</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>More time</source>
            <translation>延长时间</translation>
        </message>
        <message>
            <source>No, continue</source>
            <translation>不，继续</translation>
        </message>
        <message>
            <source>Yes, stop</source>
            <translation>是，取消</translation>
        </message>
        <message>
            <source>Same person: approve</source>
            <translation>是本人：批准</translation>
        </message>
        <message>
            <source>Not the same person</source>
            <translation>不是本人</translation>
        </message>
        <message>
            <source>Close the kiosk</source>
            <translation>关闭自助机</translation>
        </message>
        <message>
            <source>Please place your My Number Card on the card reader</source>
            <translation>请将您的个人编号卡放在读卡器上</translation>
        </message>
        <message>
            <source>Put the card face up. Leave it there until the screen asks you to take it.</source>
            <translation>请将卡正面朝上放置，在画面提示取卡之前不要拿走。</translation>
        </message>
        <message>
            <source>This reception kiosk cannot be used now</source>
            <translation>此自助受理机目前无法使用</translation>
        </message>
        <message>
            <source>The card reader is not working. Please ask the staff at the reception desk.</source>
            <translation>读卡器无法使用。请向接待窗口的工作人员咨询。</translation>
        </message>
        <message>
            <source>Receptions cannot be saved right now. Please ask the staff at the reception desk.</source>
            <translation>目前无法保存受理记录。请向接待窗口的工作人员咨询。</translation>
        </message>
        <message>
            <source>A patient's reception is in progress. Close the kiosk once it has ended.</source>
            <translation>有患者正在办理受理。请在受理结束后再关闭。</translation>
        </message>
        <message>
            <source>Please wait. Leave your card on the reader.</source>
            <translation>请稍候。请不要拿走卡。</translation>
        </message>
        <message>
            <source>This is taking a little longer. Please keep waiting.</source>
            <translation>需要多一点时间，请继续稍候。</translation>
        </message>
        <message>
            <source>Reading your card…</source>
            <translation>正在读取您的卡…</translation>
        </message>
        <message>
            <source>Choose face recognition or PIN</source>
            <translation>请选择人脸识别或密码</translation>
        </message>
        <message>
            <source>Face recognition: the camera compares your face with the photo in the card. PIN: the 4 digits you set when you applied for the card.</source>
            <translation>人脸识别：用摄像头拍摄您的脸，与卡内照片比对。密码：申请卡时设定的4位数字。</translation>
        </message>
        <message>
            <source>Face recognition cannot be used right now. Please use your PIN.</source>
            <translation>目前无法使用人脸识别，请使用密码。</translation>
        </message>
        <message>
            <source>Getting ready for face recognition…</source>
            <translation>正在准备人脸识别…</translation>
        </message>
        <message>
            <source>Look at the camera</source>
            <translation>请看向摄像头</translation>
        </message>
        <message>
            <source>Fit your face inside the frame on the screen; the picture is taken automatically. Please take off your mask.</source>
            <translation>请让脸部位于画面的框内，系统会自动拍摄。请摘下口罩。</translation>
        </message>
        <message>
            <source>Time left: {n} s</source>
            <translation>剩余 {n} 秒</translation>
        </message>
        <message>
            <source>Your face could not be confirmed</source>
            <translation>未能确认您的脸</translation>
        </message>
        <message>
            <source>You can try again, use your PIN, or call a staff member.</source>
            <translation>您可以再试一次、改用密码，或呼叫工作人员。</translation>
        </message>
        <message>
            <source>Face recognition cannot be used</source>
            <translation>无法使用人脸识别</translation>
        </message>
        <message>
            <source>Please use your PIN. If you do not know it, call a staff member.</source>
            <translation>请使用密码。如果不知道密码，请呼叫工作人员。</translation>
        </message>
        <message>
            <source>The camera is not working. Please use your PIN, or call a staff member.</source>
            <translation>摄像头无法使用。请使用密码，或呼叫工作人员。</translation>
        </message>
        <message>
            <source>The photo in the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>无法读取卡内照片。请使用密码，或呼叫工作人员。</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>无法读取卡的正面。请使用密码，或呼叫工作人员。</translation>
        </message>
        <message>
            <source>Face recognition cannot be used with this card now. Please use your PIN, or call a staff member.</source>
            <translation>这张卡目前无法使用人脸识别。请使用密码，或呼叫工作人员。</translation>
        </message>
        <message>
            <source>Checking your card…</source>
            <translation>正在确认您的卡…</translation>
        </message>
        <message>
            <source>Enter your 4-digit PIN</source>
            <translation>请输入4位密码</translation>
        </message>
        <message>
            <source>The 4-digit PIN you set when you applied for the card.</source>
            <translation>即申请卡时设定的4位密码。</translation>
        </message>
        <message>
            <source>Tries left: {n}</source>
            <translation>剩余 {n} 次</translation>
        </message>
        <message>
            <source>The PIN is not correct.</source>
            <translation>密码不正确。</translation>
        </message>
        <message>
            <source>The PIN is 4 digits. Please enter it again.</source>
            <translation>密码是4位数字。请重新输入。</translation>
        </message>
        <message>
            <source>If it is wrong once more, the PIN will be locked.</source>
            <translation>再错一次，密码将被锁定。</translation>
        </message>
        <message>
            <source>Checking your PIN…</source>
            <translation>正在确认密码…</translation>
        </message>
        <message>
            <source>Your PIN is locked</source>
            <translation>您的密码已被锁定</translation>
        </message>
        <message>
            <source>The PIN was entered wrongly 3 times, so it is locked. Your city office can unlock it. Today, please use face recognition or call a staff member.</source>
            <translation>密码输错3次，已被锁定。可在您居住地的市区町村窗口解除。今天请使用人脸识别，或呼叫工作人员。</translation>
        </message>
        <message>
            <source>A staff member is coming</source>
            <translation>工作人员马上就来</translation>
        </message>
        <message>
            <source>Please wait here. Staff: enter your staff PIN.</source>
            <translation>请在此稍候。工作人员：请输入职员密码。</translation>
        </message>
        <message>
            <source>Staff PIN not accepted.</source>
            <translation>职员密码不正确。</translation>
        </message>
        <message>
            <source>Staff functions are locked for {n} min.</source>
            <translation>职员功能已锁定 {n} 分钟。</translation>
        </message>
        <message>
            <source>Staff: visual check</source>
            <translation>工作人员：目视确认</translation>
        </message>
        <message>
            <source>Compare the photo in the card's chip with the patient in front of the kiosk.</source>
            <translation>请比对IC芯片中的照片与自助机前的患者。</translation>
        </message>
        <message>
            <source>Chip photo not read: compare with the card's face.</source>
            <translation>未读取芯片照片：请与卡面照片比对。</translation>
        </message>
        <message>
            <source>Staff: close the kiosk</source>
            <translation>工作人员：关闭自助机</translation>
        </message>
        <message>
            <source>Please wait here. A staff member has been called.</source>
            <translation>请在此稍候。已呼叫工作人员。</translation>
        </message>
        <message>
            <source>Your call could not reach the staff. Please speak to the reception desk.</source>
            <translation>未能呼叫到工作人员。请到挂号窗口告知工作人员。</translation>
        </message>
        <message>
            <source>A staff member has seen your call and is on the way.</source>
            <translation>工作人员已看到您的呼叫，马上就来。</translation>
        </message>
        <message>
            <source>Staff: enter your staff PIN to start the visual check.</source>
            <translation>工作人员：请输入职员密码以开始目视确认。</translation>
        </message>
        <message>
            <source>Photo in the card's chip</source>
            <translation>IC芯片中的照片</translation>
        </message>
        <message>
            <source>Camera now</source>
            <translation>摄像头画面</translation>
        </message>
        <message>
            <source>From the card: born {birth} (age {age}), {sex}</source>
            <translation>卡上信息：{birth}出生（{age}岁），{sex}</translation>
        </message>
        <message>
            <source>Name (eligibility answer): {name}</source>
            <translation>姓名（资格确认结果）：{name}</translation>
        </message>
        <message>
            <source>Name, age and sex: compare with what is printed on the card.</source>
            <translation>姓名、年龄、性别请与卡面记载比对。</translation>
        </message>
        <message>
            <source>male</source>
            <translation>男</translation>
        </message>
        <message>
            <source>female</source>
            <translation>女</translation>
        </message>
        <message>
            <source>sex not stated</source>
            <translation>未记载性别</translation>
        </message>
        <message>
            <source>A staff member has been called. Please wait here.</source>
            <translation>已呼叫工作人员，请在此稍候。</translation>
        </message>
        <message>
            <source>Checking your health insurance…</source>
            <translation>正在确认您的医疗保险资格…</translation>
        </message>
        <message>
            <source>Identity confirmed</source>
            <translation>身份确认完毕</translation>
        </message>
        <message>
            <source>Your card is not yet registered as a health insurance card</source>
            <translation>您的卡尚未登记为医疗保险证</translation>
        </message>
        <message>
            <source>You can register it here, now. Afterwards the card works as your health insurance card at any clinic or pharmacy.</source>
            <translation>您可以现在在这里登记。登记后，这张卡可在任何医疗机构和药房作为医疗保险证使用。</translation>
        </message>
        <message>
            <source>By pressing Register you agree to the terms for using the My Number Card as a health insurance card, and your insurance can then be checked with this card. You can ask to cancel the registration later.</source>
            <translation>按下“登记”即表示您同意将个人编号卡作为医疗保险证使用的规定，之后可用此卡确认您的保险资格。以后也可以申请取消登记。</translation>
        </message>
        <message>
            <source>Registering your card…</source>
            <translation>正在登记…</translation>
        </message>
        <message>
            <source>① Your past treatment and medicines</source>
            <translation>①过去的诊疗和药物信息</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment and of the medicines you were prescribed? They are used only for your care. If you do not agree, you are still treated as usual.</source>
            <translation>可以将您过去的诊疗记录和处方药信息提供给本院的医生吗？仅用于您的诊疗。即使不同意，也照常接受诊疗。</translation>
        </message>
        <message>
            <source>② Your health check-up results</source>
            <translation>②特定健康检查信息</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the results of your metabolic check-ups (ages 40–74) and check-ups for older people (75 and over)? They are used for your care and your health.</source>
            <translation>可以将您的代谢综合征体检（40～74岁）和高龄者体检（75岁以上）结果提供给本院的医生吗？用于您的诊疗和健康管理。</translation>
        </message>
        <message>
            <source>Your diagnoses</source>
            <translation>诊疗信息（病名等）</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the diagnoses made at other clinics? They are used only for your care.</source>
            <translation>可以将其他医疗机构作出的诊断（病名等）提供给本院的医生吗？仅用于您的诊疗。</translation>
        </message>
        <message>
            <source>Your past operations</source>
            <translation>手术信息</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of operations you had at other hospitals? They are used only for your care.</source>
            <translation>可以将您在其他医院接受手术的信息提供给本院的医生吗？仅用于您的诊疗。</translation>
        </message>
        <message>
            <source>Sharing your medical information</source>
            <translation>提供医疗信息</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment, medicines, health check-ups and operations? They are used only for your care. Your high-cost medical expense limit goes to the payment counter, so you pay no more than your limit.</source>
            <translation>可以将您过去的诊疗、药物、体检和手术信息提供给本院的医生吗？仅用于您的诊疗。高额医疗费的限额信息将提供给收费窗口，您无需支付超过限额的费用。</translation>
        </message>
        <message>
            <source>Saving your answers…</source>
            <translation>正在保存您的回答…</translation>
        </message>
        <message>
            <source>How do you want to receive your prescription?</source>
            <translation>请选择处方的领取方式</translation>
        </message>
        <message>
            <source>With an electronic prescription the pharmacy receives it electronically; you do not carry paper. Either way you get the same medicine.</source>
            <translation>选择电子处方，处方内容会以电子方式送到药房，您不必携带纸质处方。无论选哪种，药都一样。</translation>
        </message>
        <message>
            <source>Electronic prescription</source>
            <translation>电子处方</translation>
        </message>
        <message>
            <source>Paper prescription</source>
            <translation>纸质处方</translation>
        </message>
        <message>
            <source>Do you want to use your medical expense subsidy certificates?</source>
            <translation>是否使用医疗费补助的各类受给者证？</translation>
        </message>
        <message>
            <source>For example a certificate for children's or single parents' medical expenses from your city. If you use one, the clinic receives it with your insurance.</source>
            <translation>例如市区町村发放的儿童医疗费或单亲家庭医疗费受给者证。使用的话，会与保险信息一起送到医疗机构。</translation>
        </message>
        <message>
            <source>Use</source>
            <translation>使用</translation>
        </message>
        <message>
            <source>Do not use</source>
            <translation>不使用</translation>
        </message>
        <message>
            <source>Do you want to provide your limit information?</source>
            <translation>是否提供限额信息？</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide before you take your card. Then you pay no more than your limit at the counter.</source>
            <translation>使用高额医疗费制度的人，请在取卡之前按“提供”。这样在窗口无需支付超过限额的费用。</translation>
        </message>
        <message>
            <source>After you answer, please take your card.</source>
            <translation>回答后，请取走您的卡。</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide. Then you pay no more than your limit at the counter.</source>
            <translation>使用高额医疗费制度的人，请按“提供”。这样在窗口无需支付超过限额的费用。</translation>
        </message>
        <message>
            <source>Please take your card from the card reader</source>
            <translation>请从读卡器上取走您的卡</translation>
        </message>
        <message>
            <source>Your reception is complete.</source>
            <translation>受理已完成。</translation>
        </message>
        <message>
            <source>Your limit information was provided.</source>
            <translation>已提供限额信息。</translation>
        </message>
        <message>
            <source>Some answers could not be sent. Please tell the reception desk.</source>
            <translation>部分回答未能发送，请告知接待窗口。</translation>
        </message>
        <message>
            <source>Thank you</source>
            <translation>谢谢</translation>
        </message>
        <message>
            <source>Please wait until you are called.</source>
            <translation>叫到您之前请稍候。</translation>
        </message>
        <message>
            <source>Please go to the reception desk.</source>
            <translation>请前往接待窗口。</translation>
        </message>
        <message>
            <source>Don't forget your card!</source>
            <translation>请别忘了您的卡！</translation>
        </message>
        <message>
            <source>The card was taken off the reader</source>
            <translation>卡已被取走</translation>
        </message>
        <message>
            <source>The reception has stopped. To start again, place your card on the reader again.</source>
            <translation>受理已中止。如需重新开始，请再次将卡放在读卡器上。</translation>
        </message>
        <message>
            <source>Do you want to stop the reception?</source>
            <translation>要取消受理吗？</translation>
        </message>
        <message>
            <source>If you stop, you will need to start again from the beginning.</source>
            <translation>取消后需要从头开始。</translation>
        </message>
        <message>
            <source>Your health insurance could not be confirmed</source>
            <translation>未能确认您的医疗保险资格</translation>
        </message>
        <message>
            <source>Please take your card and go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>请取走您的卡，携带资格确认书（資格確認書）或资格信息通知（資格情報のお知らせ）前往接待窗口。</translation>
        </message>
        <message>
            <source>Your card's electronic certificate cannot be used</source>
            <translation>您卡内的电子证书无法使用</translation>
        </message>
        <message>
            <source>It has expired or was cancelled. Please take your card to the reception desk. Your city office can renew it.</source>
            <translation>证书已过期或已失效。请取走卡前往接待窗口。可在您居住地的市区町村窗口更新。</translation>
        </message>
        <message>
            <source>The insurance check cannot be done right now</source>
            <translation>目前无法确认保险资格</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please take your card and go to the reception desk.</source>
            <translation>您的受理已保存，稍后确认。请取走卡前往接待窗口。</translation>
        </message>
        <message>
            <source>This card cannot be read</source>
            <translation>无法读取此卡</translation>
        </message>
        <message>
            <source>Please take the card and place it again, face up. If it still cannot be read, please go to the reception desk.</source>
            <translation>请取下卡，正面朝上重新放置。如果仍无法读取，请前往接待窗口。</translation>
        </message>
        <message>
            <source>This is not a My Number Card</source>
            <translation>这不是个人编号卡</translation>
        </message>
        <message>
            <source>Please take this card and place your My Number Card instead. If you do not have one, please go to the reception desk.</source>
            <translation>请取走这张卡，放上您的个人编号卡。如果没有，请前往接待窗口。</translation>
        </message>
        <message>
            <source>A Basic Resident Register Card cannot be used as a health insurance card</source>
            <translation>住民基本台账卡不能作为医疗保险证使用</translation>
        </message>
        <message>
            <source>The reception has ended</source>
            <translation>受理已结束</translation>
        </message>
        <message>
            <source>Please take your card. If you need help, please go to the reception desk.</source>
            <translation>请取走您的卡。如需帮助，请前往接待窗口。</translation>
        </message>
        <message>
            <source>There was no answer for a while.</source>
            <translation>一段时间内没有操作。</translation>
        </message>
        <message>
            <source>You stopped the reception.</source>
            <translation>您已取消受理。</translation>
        </message>
        <message>
            <source>The staff member could not confirm that this is you.</source>
            <translation>工作人员未能确认是您本人。</translation>
        </message>
        <message>
            <source>Without registration, the card cannot be used as a health insurance card today.</source>
            <translation>不登记的话，今天无法将卡作为医疗保险证使用。</translation>
        </message>
        <message>
            <source>The card reader did not answer.</source>
            <translation>读卡器没有响应。</translation>
        </message>
        <message>
            <source>The insurance check was refused.</source>
            <translation>资格确认未被受理。</translation>
        </message>
        <message>
            <source>Do you want to continue?</source>
            <translation>要继续吗？</translation>
        </message>
        <message>
            <source>If there is no answer, the reception ends in {n} s.</source>
            <translation>如果没有操作，{n} 秒后将结束受理。</translation>
        </message>
        <message>
            <source>Your face is not in view.</source>
            <translation>没有拍到您的脸。</translation>
        </message>
        <message>
            <source>Only one person, please.</source>
            <translation>请一次一人。</translation>
        </message>
        <message>
            <source>Come a little closer.</source>
            <translation>请再靠近一点。</translation>
        </message>
        <message>
            <source>Move back a little.</source>
            <translation>请稍微后退。</translation>
        </message>
        <message>
            <source>It is too dark.</source>
            <translation>太暗了。</translation>
        </message>
        <message>
            <source>There is too much light behind you.</source>
            <translation>您身后太亮了。</translation>
        </message>
        <message>
            <source>Look straight at the camera.</source>
            <translation>请直视摄像头。</translation>
        </message>
        <message>
            <source>Please take off your mask, or use your PIN.</source>
            <translation>请摘下口罩，或使用密码。</translation>
        </message>
        <message>
            <source>Please blink.</source>
            <translation>请眨眨眼。</translation>
        </message>
        <message>
            <source>Turn your head a little to your left.</source>
            <translation>请把头稍微转向左边。</translation>
        </message>
        <message>
            <source>Turn your head a little to your right.</source>
            <translation>请把头稍微转向右边。</translation>
        </message>
        <message>
            <source>Hold still…</source>
            <translation>请保持不动…</translation>
        </message>
        <message>
            <source>You can stay seated. Raise your face a little towards the camera.</source>
            <translation>您可以坐着。请把脸稍微抬起，看向摄像头。</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Please tilt or move the card a little.</source>
            <translation>卡片上有反光。请将卡片稍微倾斜或移动一下。</translation>
        </message>
        <message>
            <source>Take the card off the reader and hold its front up to the camera.</source>
            <translation>请将卡片从读卡器上取下，并将正面对着摄像头。</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Keep the card on the reader and slide it a little.</source>
            <translation>卡片上有反光。请将卡片留在读卡器上，稍微移动一下。</translation>
        </message>
        <message>
            <source>Please place your card on the reader again</source>
            <translation>请将卡片重新放到读卡器上</translation>
        </message>
        <message>
            <source>The front of the card has been read. Place the same card on the reader.</source>
            <translation>已读取卡片正面。请将同一张卡片放到读卡器上。</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Place the same card on the reader.</source>
            <translation>未能读取卡片正面。请将同一张卡片放到读卡器上。</translation>
        </message>
        <message>
            <source>{year}-{month:02d}-{day:02d}</source>
            <translation>{year}年{month}月{day}日</translation>
        </message>
        <message>
            <source>Your card's certificate expires on {date}. Please renew it at your city office.</source>
            <translation>卡的电子证书将于{date}到期。请到市区町村窗口办理更新。</translation>
        </message>
        <message>
            <source>Your card's certificate expired on {date}. Until {until} it still works as your insurance card, but no medical or medication data can be shared. Renew it at your city office.</source>
            <translation>卡的电子证书已于{date}到期。{until}前仍可作为保险证使用，但无法提供诊疗和药物信息。请到市区町村窗口办理更新。</translation>
        </message>
        <message>
            <source>This is not the card you showed</source>
            <translation>这不是最初读取的那张卡片</translation>
        </message>
        <message>
            <source>The reception has stopped. A staff member has been called. Please take this card and wait.</source>
            <translation>受理已中止。已呼叫工作人员。请取走这张卡片并稍候。</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used (it is locked, or the card was issued without a PIN). Today, please use face recognition or call a staff member.</source>
            <translation>此卡的密码无法使用（已被锁定，或此卡发行时未设密码）。今天请使用人脸识别，或呼叫工作人员。</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used either. Please press Call staff.</source>
            <translation>此卡的密码也无法使用。请按“呼叫工作人员”。</translation>
        </message>
        <message>
            <source>Face recognition cannot be used either. Please press Call staff.</source>
            <translation>人脸识别也无法使用。请按“呼叫工作人员”。</translation>
        </message>
        <message>
            <source>Checking the card…</source>
            <translation>正在确认卡片…</translation>
        </message>
        <message>
            <source>Staff: enter number B from the card</source>
            <translation>工作人员：输入卡片的核对号码B</translation>
        </message>
        <message>
            <source>Type it as printed on the card front.</source>
            <translation>请按卡片正面所印内容输入。</translation>
        </message>
        <message>
            <source>Enter birth date, expiry, code</source>
            <translation>按出生日期、有效期、安全码输入</translation>
        </message>
        <message>
            <source>Enter the 14 digits</source>
            <translation>按14位数字输入</translation>
        </message>
        <message>
            <source>Western</source>
            <translation>公历</translation>
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
            <translation>有效期至{v}年</translation>
        </message>
        <message>
            <source>Security code {v}</source>
            <translation>安全码 {v}</translation>
        </message>
        <message>
            <source>Number B {v}</source>
            <translation>核对号码B {v}</translation>
        </message>
        <message>
            <source>Tries left on the card: {n}. This kiosk stops after {k} more.</source>
            <translation>卡片剩余次数：{n}次。本机最多还可输入{k}次。</translation>
        </message>
        <message>
            <source>The card did not accept this number: one try was used. Check the card and enter it again.</source>
            <translation>卡片未接受此号码：已用掉1次。请核对卡片后重新输入。</translation>
        </message>
        <message>
            <source>This birth date is not possible. Not sent to the card: no try was used.</source>
            <translation>出生日期不正确。未发送到卡片：次数未减少。</translation>
        </message>
        <message>
            <source>This expiry year is not possible. Not sent to the card: no try was used.</source>
            <translation>有效期年份不正确。未发送到卡片：次数未减少。</translation>
        </message>
        <message>
            <source>The security code is 4 digits. Not sent to the card: no try was used.</source>
            <translation>安全码为4位数字。未发送到卡片：次数未减少。</translation>
        </message>
        <message>
            <source>Visual check instead</source>
            <translation>改为目视确认</translation>
        </message>
        <message>
            <source>Enter number B</source>
            <translation>输入核对号码B</translation>
        </message>
        <message>
            <source>Number B can no longer be entered for this card (its remaining tries are kept). Please check visually.</source>
            <translation>此卡不能再输入核对号码B（以保留剩余次数）。请进行目视确认。</translation>
        </message>
        <message>
            <source>Use a smartphone</source>
            <translation>使用智能手机</translation>
        </message>
        <message>
            <source>Use my card instead</source>
            <translation>改用我的卡</translation>
        </message>
        <message>
            <source>Which smartphone do you have?</source>
            <translation>您使用的是哪种智能手机？</translation>
        </message>
        <message>
            <source>For a smartphone with the My Number Card's certificate set up on it. On your first visit, please also bring your My Number Card.</source>
            <translation>适用于已在手机上设置个人编号卡电子证书的人。首次就诊时，请同时携带个人编号卡。</translation>
        </message>
        <message>
            <source>Hold your smartphone over the reader</source>
            <translation>请将手机靠近读卡器</translation>
        </message>
        <message>
            <source>Hold it still until the screen changes. This takes 1 to 2 seconds.</source>
            <translation>请保持不动，直到画面变化（约1至2秒）。</translation>
        </message>
        <message>
            <source>This could not be read as a smartphone with the certificate. Please hold your smartphone, or use your card.</source>
            <translation>无法作为带电子证书的手机读取。请将您的手机靠近读卡器，或改用卡。</translation>
        </message>
        <message>
            <source>The smartphone could not be read. Please hold it over the reader again.</source>
            <translation>无法读取手机。请再次靠近读卡器。</translation>
        </message>
        <message>
            <source>Reading your smartphone… Keep holding it</source>
            <translation>正在读取手机…请保持不动</translation>
        </message>
        <message>
            <source>Do not move your smartphone until the screen changes.</source>
            <translation>画面变化之前，请不要移动手机。</translation>
        </message>
        <message>
            <source>Your iPhone did not confirm that it is you</source>
            <translation>iPhone未能确认是您本人</translation>
        </message>
        <message>
            <source>Face ID or Touch ID was cancelled or did not succeed. You can try again on your iPhone, use your card, or call a staff member.</source>
            <translation>Face ID或Touch ID被取消或未成功。您可以在iPhone上再试一次、改用卡，或呼叫工作人员。</translation>
        </message>
        <message>
            <source>The PIN of your smartphone is locked</source>
            <translation>手机的密码已被锁定</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone cannot be used now. Your card has its own PIN and still works: today, please use your My Number Card.</source>
            <translation>手机上电子证书的密码现在无法使用。卡有自己的密码，仍然可以使用：今天请使用个人编号卡。</translation>
        </message>
        <message>
            <source>The certificate on your smartphone cannot be used</source>
            <translation>手机上的电子证书无法使用</translation>
        </message>
        <message>
            <source>It has expired. A smartphone's certificate cannot be used after its expiry date, and it is renewed on its own, apart from the card. Today, please use your My Number Card.</source>
            <translation>已过有效期。手机上的电子证书过期后不能使用，需与卡分开另行更新。今天请使用个人编号卡。</translation>
        </message>
        <message>
            <source>It was cancelled. Please set up the certificate on your smartphone again. Today, please use your My Number Card.</source>
            <translation>已被注销。请重新在手机上设置电子证书。今天请使用个人编号卡。</translation>
        </message>
        <message>
            <source>Your My Number Card is not yet registered as a health insurance card. You can register it here with the card: place the card on the card reader.</source>
            <translation>您的个人编号卡尚未登记为健康保险证。可以用卡在这里登记：请将卡放在读卡器上。</translation>
        </message>
        <message>
            <source>The smartphone reader is not working. Please use your My Number Card.</source>
            <translation>手机读卡器无法使用。请使用个人编号卡。</translation>
        </message>
        <message>
            <source>Please take your smartphone</source>
            <translation>请取回您的手机</translation>
        </message>
        <message>
            <source>Please take your smartphone from the reader.</source>
            <translation>请从读卡器上取回手机。</translation>
        </message>
        <message>
            <source>Don't forget your smartphone!</source>
            <translation>请不要忘记您的手机！</translation>
        </message>
        <message>
            <source>If you need help, please go to the reception desk.</source>
            <translation>如需帮助，请到挂号处。</translation>
        </message>
        <message>
            <source>Please go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>请携带资格确认书或资格信息通知书到挂号处。</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please go to the reception desk.</source>
            <translation>您的挂号已保存，稍后会进行确认。请到挂号处。</translation>
        </message>
        <message>
            <source>This reception uses your smartphone. Please take your card off the card reader.</source>
            <translation>正在用手机办理挂号。请从读卡器上取下卡。</translation>
        </message>
        <message>
            <source>This reception uses your card. Please take your smartphone away from the reader.</source>
            <translation>正在用卡办理挂号。请让手机离开读卡器。</translation>
        </message>
        <message>
            <source>The smartphone moved away during the check. Please enter the PIN again.</source>
            <translation>核对时手机离开了读卡器。请重新输入密码。</translation>
        </message>
        <message>
            <source>Your smartphone is an Android: please enter its PIN.</source>
            <translation>您的手机是Android：请输入密码。</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone, not your card's PIN.</source>
            <translation>手机电子证书的密码，不是卡的密码。</translation>
        </message>
        <message>
            <source>If it is wrong once more, it will be locked.</source>
            <translation>如果再错一次，将被锁定。</translation>
        </message>
        <message>
            <source>Confirm on your iPhone, then hold it over the reader</source>
            <translation>请先在iPhone上确认，然后靠近读卡器</translation>
        </message>
        <message>
            <source>The smartphone moved away. Nothing is lost: please hold it again.</source>
            <translation>手机离开了读卡器。内容不会丢失，请再次靠近。</translation>
        </message>
        <message>
            <source>Use Face ID or Touch ID on your iPhone. Then hold it still until the screen changes (1 to 2 seconds).</source>
            <translation>请在iPhone上用Face ID或Touch ID确认，然后保持不动，直到画面变化（约1至2秒）。</translation>
        </message>
        <message>
            <source>Smartphone PIN (4 digits)</source>
            <translation>手机密码（4位）</translation>
        </message>
        <message>
            <source>This is a smartphone</source>
            <translation>这是智能手机</translation>
        </message>
        <message>
            <source>Please take it off the card reader. To use a smartphone, tap Use a smartphone on the first screen and follow the steps. If the first screen has no such button, please use your My Number Card.</source>
            <translation>请从读卡器上取下。要使用手机，请在第一个画面点按“使用智能手机”，然后按照提示操作。如果第一个画面没有该按钮，请使用个人编号卡。</translation>
        </message>
        <message>
            <source>Listen again</source>
            <translation>再听一遍</translation>
        </message>
        <message>
            <source>{n} digits entered.</source>
            <translation>已输入{n}位数字。</translation>
        </message>
        <message>
            <source>Press the Enter key.</source>
            <translation>请按Enter键。</translation>
        </message>
        <message>
            <source>The voice comes from the headphones.</source>
            <translation>语音从耳机播放。</translation>
        </message>
    </context>
</TS>
