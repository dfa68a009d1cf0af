<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
    <context>
        <name>kiosk</name>
        <message>
            <source>Large text</source>
            <translation>Chữ to</translation>
        </message>
        <message>
            <source>Normal text</source>
            <translation>Chữ thường</translation>
        </message>
        <message>
            <source>Call staff</source>
            <translation>Gọi nhân viên</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Dừng lại</translation>
        </message>
        <message>
            <source>Please take your card from the reader.</source>
            <translation>Vui lòng lấy thẻ ra khỏi đầu đọc.</translation>
        </message>
        <message>
            <source>Read card</source>
            <translation>Đọc thẻ</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>Xác minh</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Hoàn tất</translation>
        </message>
        <message>
            <source>Face recognition</source>
            <translation>Nhận diện khuôn mặt</translation>
        </message>
        <message>
            <source>PIN (4 digits)</source>
            <translation>Mã PIN (4 số)</translation>
        </message>
        <message>
            <source>Use my PIN instead</source>
            <translation>Dùng mã PIN</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>Thử lại</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Quay lại</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Xóa hết</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Xóa 1 số</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>Xác nhận</translation>
        </message>
        <message>
            <source>I agree</source>
            <translation>Đồng ý</translation>
        </message>
        <message>
            <source>I do not agree</source>
            <translation>Không đồng ý</translation>
        </message>
        <message>
            <source>Provide</source>
            <translation>Cung cấp</translation>
        </message>
        <message>
            <source>Do not provide</source>
            <translation>Không cung cấp</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>Đăng ký</translation>
        </message>
        <message>
            <source>Do not register</source>
            <translation>Không đăng ký</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>Tiếp tục</translation>
        </message>
        <message>
            <source>More time</source>
            <translation>Thêm thời gian</translation>
        </message>
        <message>
            <source>No, continue</source>
            <translation>Không, tiếp tục</translation>
        </message>
        <message>
            <source>Yes, stop</source>
            <translation>Có, dừng lại</translation>
        </message>
        <message>
            <source>Same person: approve</source>
            <translation>Đúng người: duyệt</translation>
        </message>
        <message>
            <source>Not the same person</source>
            <translation>Không phải người này</translation>
        </message>
        <message>
            <source>Close the kiosk</source>
            <translation>Đóng máy</translation>
        </message>
        <message>
            <source>Please place your My Number Card on the card reader</source>
            <translation>Vui lòng đặt thẻ My Number lên đầu đọc thẻ</translation>
        </message>
        <message>
            <source>Put the card face up. Leave it there until the screen asks you to take it.</source>
            <translation>Đặt thẻ mặt trước lên trên. Để nguyên cho đến khi màn hình báo lấy thẻ.</translation>
        </message>
        <message>
            <source>This reception kiosk cannot be used now</source>
            <translation>Máy tiếp nhận này hiện không dùng được</translation>
        </message>
        <message>
            <source>The card reader is not working. Please ask the staff at the reception desk.</source>
            <translation>Đầu đọc thẻ không hoạt động. Vui lòng hỏi nhân viên tại quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>Receptions cannot be saved right now. Please ask the staff at the reception desk.</source>
            <translation>Hiện không thể lưu hồ sơ tiếp nhận. Vui lòng hỏi nhân viên tại quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>A patient's reception is in progress. Close the kiosk once it has ended.</source>
            <translation>Đang có bệnh nhân làm thủ tục. Hãy đóng máy sau khi thủ tục kết thúc.</translation>
        </message>
        <message>
            <source>Please wait. Leave your card on the reader.</source>
            <translation>Vui lòng chờ. Để nguyên thẻ trên đầu đọc.</translation>
        </message>
        <message>
            <source>This is taking a little longer. Please keep waiting.</source>
            <translation>Việc này mất thêm chút thời gian. Vui lòng chờ thêm.</translation>
        </message>
        <message>
            <source>Reading your card…</source>
            <translation>Đang đọc thẻ…</translation>
        </message>
        <message>
            <source>Choose face recognition or PIN</source>
            <translation>Chọn nhận diện khuôn mặt hoặc mã PIN</translation>
        </message>
        <message>
            <source>Face recognition: the camera compares your face with the photo in the card. PIN: the 4 digits you set when you applied for the card.</source>
            <translation>Nhận diện khuôn mặt: máy ảnh so sánh khuôn mặt của bạn với ảnh trong thẻ. Mã PIN: 4 chữ số bạn đặt khi đăng ký làm thẻ.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used right now. Please use your PIN.</source>
            <translation>Hiện không thể dùng nhận diện khuôn mặt. Vui lòng dùng mã PIN.</translation>
        </message>
        <message>
            <source>Getting ready for face recognition…</source>
            <translation>Đang chuẩn bị nhận diện khuôn mặt…</translation>
        </message>
        <message>
            <source>Look at the camera</source>
            <translation>Hãy nhìn vào máy ảnh</translation>
        </message>
        <message>
            <source>Fit your face inside the frame on the screen; the picture is taken automatically. Please take off your mask.</source>
            <translation>Hãy để khuôn mặt nằm trong khung trên màn hình, máy sẽ tự chụp. Vui lòng tháo khẩu trang.</translation>
        </message>
        <message>
            <source>Time left: {n} s</source>
            <translation>Còn {n} giây</translation>
        </message>
        <message>
            <source>Your face could not be confirmed</source>
            <translation>Chưa xác nhận được khuôn mặt</translation>
        </message>
        <message>
            <source>You can try again, use your PIN, or call a staff member.</source>
            <translation>Bạn có thể thử lại, dùng mã PIN hoặc gọi nhân viên.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used</source>
            <translation>Không thể dùng nhận diện khuôn mặt</translation>
        </message>
        <message>
            <source>Please use your PIN. If you do not know it, call a staff member.</source>
            <translation>Vui lòng dùng mã PIN. Nếu không nhớ, hãy gọi nhân viên.</translation>
        </message>
        <message>
            <source>The camera is not working. Please use your PIN, or call a staff member.</source>
            <translation>Máy ảnh không hoạt động. Vui lòng dùng mã PIN hoặc gọi nhân viên.</translation>
        </message>
        <message>
            <source>The photo in the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>Không đọc được ảnh trong thẻ. Vui lòng dùng mã PIN hoặc gọi nhân viên.</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>Không đọc được mặt trước của thẻ. Vui lòng dùng mã PIN hoặc gọi nhân viên.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used with this card now. Please use your PIN, or call a staff member.</source>
            <translation>Hiện không thể dùng nhận diện khuôn mặt với thẻ này. Vui lòng dùng mã PIN hoặc gọi nhân viên.</translation>
        </message>
        <message>
            <source>Checking your card…</source>
            <translation>Đang kiểm tra thẻ…</translation>
        </message>
        <message>
            <source>Enter your 4-digit PIN</source>
            <translation>Nhập mã PIN 4 số</translation>
        </message>
        <message>
            <source>The 4-digit PIN you set when you applied for the card.</source>
            <translation>Mã PIN 4 số bạn đặt khi đăng ký làm thẻ.</translation>
        </message>
        <message>
            <source>Tries left: {n}</source>
            <translation>Còn {n} lần</translation>
        </message>
        <message>
            <source>The PIN is not correct.</source>
            <translation>Mã PIN không đúng.</translation>
        </message>
        <message>
            <source>The PIN is 4 digits. Please enter it again.</source>
            <translation>Mã PIN gồm 4 chữ số. Vui lòng nhập lại.</translation>
        </message>
        <message>
            <source>If it is wrong once more, the PIN will be locked.</source>
            <translation>Sai thêm một lần nữa, mã PIN sẽ bị khóa.</translation>
        </message>
        <message>
            <source>Checking your PIN…</source>
            <translation>Đang kiểm tra mã PIN…</translation>
        </message>
        <message>
            <source>Your PIN is locked</source>
            <translation>Mã PIN đã bị khóa</translation>
        </message>
        <message>
            <source>The PIN was entered wrongly 3 times, so it is locked. Your city office can unlock it. Today, please use face recognition or call a staff member.</source>
            <translation>Bạn đã nhập sai mã PIN 3 lần nên mã bị khóa. Có thể mở khóa tại ủy ban thành phố nơi bạn sống. Hôm nay, vui lòng dùng nhận diện khuôn mặt hoặc gọi nhân viên.</translation>
        </message>
        <message>
            <source>A staff member is coming</source>
            <translation>Nhân viên đang đến</translation>
        </message>
        <message>
            <source>Please wait here. Staff: enter your staff PIN.</source>
            <translation>Vui lòng chờ tại đây. Nhân viên: nhập mã PIN nhân viên.</translation>
        </message>
        <message>
            <source>Staff PIN not accepted.</source>
            <translation>Mã PIN nhân viên không đúng.</translation>
        </message>
        <message>
            <source>Staff functions are locked for {n} min.</source>
            <translation>Chức năng nhân viên bị khóa {n} phút.</translation>
        </message>
        <message>
            <source>Staff: visual check</source>
            <translation>Nhân viên: kiểm tra bằng mắt</translation>
        </message>
        <message>
            <source>Compare the photo in the card's chip with the patient in front of the kiosk.</source>
            <translation>So sánh ảnh trong chip của thẻ với bệnh nhân trước máy.</translation>
        </message>
        <message>
            <source>Chip photo not read: compare with the card's face.</source>
            <translation>Chưa đọc ảnh trong chip: so sánh với ảnh mặt trước thẻ.</translation>
        </message>
        <message>
            <source>Staff: close the kiosk</source>
            <translation>Nhân viên: đóng máy</translation>
        </message>
        <message>
            <source>Please wait here. A staff member has been called.</source>
            <translation>Vui lòng chờ tại đây. Đã gọi nhân viên.</translation>
        </message>
        <message>
            <source>Your call could not reach the staff. Please speak to the reception desk.</source>
            <translation>Không gọi được nhân viên. Xin vui lòng báo với quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>A staff member has seen your call and is on the way.</source>
            <translation>Nhân viên đã thấy yêu cầu của bạn và đang đến.</translation>
        </message>
        <message>
            <source>Staff: enter your staff PIN to start the visual check.</source>
            <translation>Nhân viên: nhập mã PIN nhân viên để bắt đầu kiểm tra bằng mắt.</translation>
        </message>
        <message>
            <source>Photo in the card's chip</source>
            <translation>Ảnh trong chip</translation>
        </message>
        <message>
            <source>Camera now</source>
            <translation>Hình từ máy ảnh</translation>
        </message>
        <message>
            <source>From the card: born {birth} (age {age}), {sex}</source>
            <translation>Trên thẻ: sinh {birth} ({age} tuổi), {sex}</translation>
        </message>
        <message>
            <source>Name (eligibility answer): {name}</source>
            <translation>Họ tên (kết quả kiểm tra): {name}</translation>
        </message>
        <message>
            <source>Name, age and sex: compare with what is printed on the card.</source>
            <translation>Họ tên, tuổi, giới tính: so sánh với thông tin in trên thẻ.</translation>
        </message>
        <message>
            <source>male</source>
            <translation>nam</translation>
        </message>
        <message>
            <source>female</source>
            <translation>nữ</translation>
        </message>
        <message>
            <source>sex not stated</source>
            <translation>không ghi giới tính</translation>
        </message>
        <message>
            <source>A staff member has been called. Please wait here.</source>
            <translation>Đã gọi nhân viên. Vui lòng chờ tại đây.</translation>
        </message>
        <message>
            <source>Checking your health insurance…</source>
            <translation>Đang kiểm tra bảo hiểm y tế…</translation>
        </message>
        <message>
            <source>Identity confirmed</source>
            <translation>Đã xác nhận danh tính</translation>
        </message>
        <message>
            <source>Your card is not yet registered as a health insurance card</source>
            <translation>Thẻ của bạn chưa được đăng ký làm thẻ bảo hiểm y tế</translation>
        </message>
        <message>
            <source>You can register it here, now. Afterwards the card works as your health insurance card at any clinic or pharmacy.</source>
            <translation>Bạn có thể đăng ký ngay tại đây. Sau đó thẻ dùng được như thẻ bảo hiểm y tế ở mọi cơ sở y tế và nhà thuốc.</translation>
        </message>
        <message>
            <source>By pressing Register you agree to the terms for using the My Number Card as a health insurance card, and your insurance can then be checked with this card. You can ask to cancel the registration later.</source>
            <translation>Khi bấm “Đăng ký”, bạn đồng ý với quy định dùng thẻ My Number làm thẻ bảo hiểm y tế, và bảo hiểm của bạn sẽ được kiểm tra bằng thẻ này. Sau này bạn có thể xin hủy đăng ký.</translation>
        </message>
        <message>
            <source>Registering your card…</source>
            <translation>Đang đăng ký…</translation>
        </message>
        <message>
            <source>① Your past treatment and medicines</source>
            <translation>① Thông tin khám chữa bệnh và thuốc trước đây</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment and of the medicines you were prescribed? They are used only for your care. If you do not agree, you are still treated as usual.</source>
            <translation>Chúng tôi có thể cung cấp cho bác sĩ của phòng khám này thông tin khám chữa bệnh và thuốc đã kê cho bạn trước đây không? Thông tin chỉ dùng cho việc khám chữa của bạn. Nếu không đồng ý, bạn vẫn được khám như bình thường.</translation>
        </message>
        <message>
            <source>② Your health check-up results</source>
            <translation>② Kết quả khám sức khỏe</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the results of your metabolic check-ups (ages 40–74) and check-ups for older people (75 and over)? They are used for your care and your health.</source>
            <translation>Chúng tôi có thể cung cấp cho bác sĩ kết quả khám hội chứng chuyển hóa (40–74 tuổi) và khám sức khỏe người cao tuổi (từ 75 tuổi) của bạn không? Thông tin dùng cho việc khám chữa và chăm sóc sức khỏe của bạn.</translation>
        </message>
        <message>
            <source>Your diagnoses</source>
            <translation>Thông tin chẩn đoán</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the diagnoses made at other clinics? They are used only for your care.</source>
            <translation>Chúng tôi có thể cung cấp cho bác sĩ các chẩn đoán của cơ sở y tế khác không? Thông tin chỉ dùng cho việc khám chữa của bạn.</translation>
        </message>
        <message>
            <source>Your past operations</source>
            <translation>Thông tin phẫu thuật</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of operations you had at other hospitals? They are used only for your care.</source>
            <translation>Chúng tôi có thể cung cấp cho bác sĩ thông tin các ca phẫu thuật bạn đã làm ở bệnh viện khác không? Thông tin chỉ dùng cho việc khám chữa của bạn.</translation>
        </message>
        <message>
            <source>Sharing your medical information</source>
            <translation>Cung cấp thông tin y tế</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment, medicines, health check-ups and operations? They are used only for your care. Your high-cost medical expense limit goes to the payment counter, so you pay no more than your limit.</source>
            <translation>Chúng tôi có thể cung cấp cho bác sĩ thông tin khám chữa bệnh, thuốc, khám sức khỏe và phẫu thuật trước đây của bạn không? Thông tin chỉ dùng cho việc khám chữa của bạn. Thông tin hạn mức chi phí y tế cao được gửi đến quầy thanh toán, nên bạn không phải trả quá hạn mức.</translation>
        </message>
        <message>
            <source>Saving your answers…</source>
            <translation>Đang lưu câu trả lời…</translation>
        </message>
        <message>
            <source>How do you want to receive your prescription?</source>
            <translation>Chọn cách nhận đơn thuốc</translation>
        </message>
        <message>
            <source>With an electronic prescription the pharmacy receives it electronically; you do not carry paper. Either way you get the same medicine.</source>
            <translation>Với đơn thuốc điện tử, nhà thuốc nhận đơn qua mạng; bạn không cần mang đơn giấy. Chọn cách nào thì thuốc cũng như nhau.</translation>
        </message>
        <message>
            <source>Electronic prescription</source>
            <translation>Đơn thuốc điện tử</translation>
        </message>
        <message>
            <source>Paper prescription</source>
            <translation>Đơn thuốc giấy</translation>
        </message>
        <message>
            <source>Do you want to use your medical expense subsidy certificates?</source>
            <translation>Bạn có dùng giấy chứng nhận trợ cấp chi phí y tế không?</translation>
        </message>
        <message>
            <source>For example a certificate for children's or single parents' medical expenses from your city. If you use one, the clinic receives it with your insurance.</source>
            <translation>Ví dụ giấy chứng nhận chi phí y tế cho trẻ em hoặc gia đình đơn thân do thành phố cấp. Nếu dùng, thông tin sẽ được gửi đến cơ sở y tế cùng với bảo hiểm.</translation>
        </message>
        <message>
            <source>Use</source>
            <translation>Sử dụng</translation>
        </message>
        <message>
            <source>Do not use</source>
            <translation>Không sử dụng</translation>
        </message>
        <message>
            <source>Do you want to provide your limit information?</source>
            <translation>Bạn có muốn cung cấp thông tin hạn mức không?</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide before you take your card. Then you pay no more than your limit at the counter.</source>
            <translation>Nếu bạn dùng chế độ chi phí y tế cao, hãy bấm “Cung cấp” trước khi lấy thẻ. Khi đó, tại quầy bạn không phải trả quá hạn mức.</translation>
        </message>
        <message>
            <source>After you answer, please take your card.</source>
            <translation>Sau khi trả lời, vui lòng lấy thẻ.</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide. Then you pay no more than your limit at the counter.</source>
            <translation>Nếu bạn dùng chế độ chi phí y tế cao, hãy bấm “Cung cấp”. Khi đó, tại quầy bạn không phải trả quá hạn mức.</translation>
        </message>
        <message>
            <source>Please take your card from the card reader</source>
            <translation>Vui lòng lấy thẻ ra khỏi đầu đọc</translation>
        </message>
        <message>
            <source>Your reception is complete.</source>
            <translation>Đã hoàn tất tiếp nhận.</translation>
        </message>
        <message>
            <source>Your limit information was provided.</source>
            <translation>Đã cung cấp thông tin hạn mức.</translation>
        </message>
        <message>
            <source>Some answers could not be sent. Please tell the reception desk.</source>
            <translation>Một số câu trả lời chưa gửi được. Vui lòng báo quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>Thank you</source>
            <translation>Xin cảm ơn</translation>
        </message>
        <message>
            <source>Please wait until you are called.</source>
            <translation>Vui lòng chờ đến khi được gọi tên.</translation>
        </message>
        <message>
            <source>Please go to the reception desk.</source>
            <translation>Vui lòng đến quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>Don't forget your card!</source>
            <translation>Đừng quên thẻ của bạn!</translation>
        </message>
        <message>
            <source>The card was taken off the reader</source>
            <translation>Thẻ đã bị lấy ra</translation>
        </message>
        <message>
            <source>The reception has stopped. To start again, place your card on the reader again.</source>
            <translation>Việc tiếp nhận đã dừng. Để làm lại, hãy đặt thẻ lên đầu đọc lần nữa.</translation>
        </message>
        <message>
            <source>Do you want to stop the reception?</source>
            <translation>Bạn có muốn dừng tiếp nhận không?</translation>
        </message>
        <message>
            <source>If you stop, you will need to start again from the beginning.</source>
            <translation>Nếu dừng, bạn sẽ phải làm lại từ đầu.</translation>
        </message>
        <message>
            <source>Your health insurance could not be confirmed</source>
            <translation>Không xác nhận được bảo hiểm y tế</translation>
        </message>
        <message>
            <source>Please take your card and go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>Vui lòng lấy thẻ và mang Giấy xác nhận tư cách (資格確認書) hoặc Thông báo thông tin tư cách (資格情報のお知らせ) đến quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>Your card's electronic certificate cannot be used</source>
            <translation>Không dùng được chứng thư điện tử của thẻ</translation>
        </message>
        <message>
            <source>It has expired or was cancelled. Please take your card to the reception desk. Your city office can renew it.</source>
            <translation>Chứng thư đã hết hạn hoặc bị hủy. Vui lòng lấy thẻ và đến quầy tiếp nhận. Có thể gia hạn tại ủy ban thành phố nơi bạn sống.</translation>
        </message>
        <message>
            <source>The insurance check cannot be done right now</source>
            <translation>Hiện không thể kiểm tra bảo hiểm</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please take your card and go to the reception desk.</source>
            <translation>Việc tiếp nhận đã được lưu và sẽ được kiểm tra sau. Vui lòng lấy thẻ và đến quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>This card cannot be read</source>
            <translation>Không đọc được thẻ này</translation>
        </message>
        <message>
            <source>Please take the card and place it again, face up. If it still cannot be read, please go to the reception desk.</source>
            <translation>Vui lòng lấy thẻ ra và đặt lại, mặt trước lên trên. Nếu vẫn không đọc được, hãy đến quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>This is not a My Number Card</source>
            <translation>Đây không phải thẻ My Number</translation>
        </message>
        <message>
            <source>Please take this card and place your My Number Card instead. If you do not have one, please go to the reception desk.</source>
            <translation>Vui lòng lấy thẻ này ra và đặt thẻ My Number vào. Nếu không có, hãy đến quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>A Basic Resident Register Card cannot be used as a health insurance card</source>
            <translation>Thẻ đăng ký cư trú cơ bản không dùng được làm thẻ bảo hiểm y tế</translation>
        </message>
        <message>
            <source>The reception has ended</source>
            <translation>Việc tiếp nhận đã kết thúc</translation>
        </message>
        <message>
            <source>Please take your card. If you need help, please go to the reception desk.</source>
            <translation>Vui lòng lấy thẻ. Nếu cần giúp đỡ, hãy đến quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>There was no answer for a while.</source>
            <translation>Một lúc lâu không có thao tác.</translation>
        </message>
        <message>
            <source>You stopped the reception.</source>
            <translation>Bạn đã dừng tiếp nhận.</translation>
        </message>
        <message>
            <source>The staff member could not confirm that this is you.</source>
            <translation>Nhân viên không xác nhận được đây là bạn.</translation>
        </message>
        <message>
            <source>Without registration, the card cannot be used as a health insurance card today.</source>
            <translation>Nếu không đăng ký, hôm nay không thể dùng thẻ làm thẻ bảo hiểm y tế.</translation>
        </message>
        <message>
            <source>The card reader did not answer.</source>
            <translation>Đầu đọc thẻ không phản hồi.</translation>
        </message>
        <message>
            <source>The insurance check was refused.</source>
            <translation>Việc kiểm tra bảo hiểm bị từ chối.</translation>
        </message>
        <message>
            <source>Do you want to continue?</source>
            <translation>Bạn có muốn tiếp tục không?</translation>
        </message>
        <message>
            <source>If there is no answer, the reception ends in {n} s.</source>
            <translation>Nếu không có thao tác, việc tiếp nhận sẽ kết thúc sau {n} giây.</translation>
        </message>
        <message>
            <source>Your face is not in view.</source>
            <translation>Không thấy khuôn mặt của bạn.</translation>
        </message>
        <message>
            <source>Only one person, please.</source>
            <translation>Mỗi lần một người.</translation>
        </message>
        <message>
            <source>Come a little closer.</source>
            <translation>Lại gần thêm một chút.</translation>
        </message>
        <message>
            <source>Move back a little.</source>
            <translation>Lùi lại một chút.</translation>
        </message>
        <message>
            <source>It is too dark.</source>
            <translation>Quá tối.</translation>
        </message>
        <message>
            <source>There is too much light behind you.</source>
            <translation>Phía sau bạn quá sáng.</translation>
        </message>
        <message>
            <source>Look straight at the camera.</source>
            <translation>Nhìn thẳng vào máy ảnh.</translation>
        </message>
        <message>
            <source>Please take off your mask, or use your PIN.</source>
            <translation>Vui lòng tháo khẩu trang hoặc dùng mã PIN.</translation>
        </message>
        <message>
            <source>Please blink.</source>
            <translation>Vui lòng chớp mắt.</translation>
        </message>
        <message>
            <source>Turn your head a little to your left.</source>
            <translation>Quay đầu sang trái một chút.</translation>
        </message>
        <message>
            <source>Turn your head a little to your right.</source>
            <translation>Quay đầu sang phải một chút.</translation>
        </message>
        <message>
            <source>Hold still…</source>
            <translation>Giữ yên…</translation>
        </message>
        <message>
            <source>You can stay seated. Raise your face a little towards the camera.</source>
            <translation>Quý vị có thể ngồi nguyên. Xin ngẩng mặt lên một chút và nhìn vào camera.</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Please tilt or move the card a little.</source>
            <translation>Thẻ đang bị phản chiếu ánh sáng. Vui lòng nghiêng hoặc dịch thẻ một chút.</translation>
        </message>
        <message>
            <source>Take the card off the reader and hold its front up to the camera.</source>
            <translation>Vui lòng lấy thẻ ra khỏi đầu đọc và đưa mặt trước của thẻ về phía camera.</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Keep the card on the reader and slide it a little.</source>
            <translation>Thẻ đang bị phản chiếu ánh sáng. Vui lòng để thẻ trên đầu đọc và dịch thẻ một chút.</translation>
        </message>
        <message>
            <source>Please place your card on the reader again</source>
            <translation>Vui lòng đặt lại thẻ lên đầu đọc</translation>
        </message>
        <message>
            <source>The front of the card has been read. Place the same card on the reader.</source>
            <translation>Đã đọc mặt trước của thẻ. Vui lòng đặt lại đúng thẻ đó lên đầu đọc.</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Place the same card on the reader.</source>
            <translation>Không đọc được mặt trước của thẻ. Vui lòng đặt lại đúng thẻ đó lên đầu đọc.</translation>
        </message>
        <message>
            <source>{year}-{month:02d}-{day:02d}</source>
            <translation>{day:02d}/{month:02d}/{year}</translation>
        </message>
        <message>
            <source>Your card's certificate expires on {date}. Please renew it at your city office.</source>
            <translation>Chứng thư của thẻ hết hạn ngày {date}. Vui lòng gia hạn tại ủy ban thành phố.</translation>
        </message>
        <message>
            <source>Your card's certificate expired on {date}. Until {until} it still works as your insurance card, but no medical or medication data can be shared. Renew it at your city office.</source>
            <translation>Chứng thư của thẻ đã hết hạn ngày {date}. Đến {until} thẻ vẫn dùng làm thẻ bảo hiểm, nhưng không chia sẻ được dữ liệu khám bệnh và thuốc. Hãy gia hạn tại ủy ban thành phố.</translation>
        </message>
        <message>
            <source>This is not the card you showed</source>
            <translation>Đây không phải là thẻ đã đọc lúc đầu</translation>
        </message>
        <message>
            <source>The reception has stopped. A staff member has been called. Please take this card and wait.</source>
            <translation>Việc tiếp nhận đã dừng lại. Nhân viên đã được gọi. Vui lòng lấy thẻ này và chờ.</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used (it is locked, or the card was issued without a PIN). Today, please use face recognition or call a staff member.</source>
            <translation>Không thể dùng mã PIN của thẻ này (đã bị khóa, hoặc thẻ được cấp không có mã PIN). Hôm nay, vui lòng dùng nhận diện khuôn mặt hoặc gọi nhân viên.</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used either. Please press Call staff.</source>
            <translation>Mã PIN của thẻ này cũng không dùng được. Vui lòng nhấn «Gọi nhân viên».</translation>
        </message>
        <message>
            <source>Face recognition cannot be used either. Please press Call staff.</source>
            <translation>Nhận diện khuôn mặt cũng không dùng được. Vui lòng nhấn «Gọi nhân viên».</translation>
        </message>
        <message>
            <source>Checking the card…</source>
            <translation>Đang kiểm tra thẻ…</translation>
        </message>
        <message>
            <source>Staff: enter number B from the card</source>
            <translation>Nhân viên: nhập số B trên thẻ</translation>
        </message>
        <message>
            <source>Type it as printed on the card front.</source>
            <translation>Nhập đúng như in trên mặt trước thẻ.</translation>
        </message>
        <message>
            <source>Enter birth date, expiry, code</source>
            <translation>Nhập ngày sinh, hạn, mã</translation>
        </message>
        <message>
            <source>Enter the 14 digits</source>
            <translation>Nhập 14 chữ số</translation>
        </message>
        <message>
            <source>Western</source>
            <translation>Dương lịch</translation>
        </message>
        <message>
            <source>Year {v}</source>
            <translation>Năm {v}</translation>
        </message>
        <message>
            <source>Month {v}</source>
            <translation>Tháng {v}</translation>
        </message>
        <message>
            <source>Day {v}</source>
            <translation>Ngày {v}</translation>
        </message>
        <message>
            <source>Valid until {v}</source>
            <translation>Có hiệu lực đến {v}</translation>
        </message>
        <message>
            <source>Security code {v}</source>
            <translation>Mã bảo mật {v}</translation>
        </message>
        <message>
            <source>Number B {v}</source>
            <translation>Số B {v}</translation>
        </message>
        <message>
            <source>Tries left on the card: {n}. This kiosk stops after {k} more.</source>
            <translation>Số lần còn lại trên thẻ: {n}. Máy này chỉ cho nhập thêm {k} lần.</translation>
        </message>
        <message>
            <source>The card did not accept this number: one try was used. Check the card and enter it again.</source>
            <translation>Thẻ không chấp nhận số này: đã mất 1 lần. Hãy kiểm tra thẻ và nhập lại.</translation>
        </message>
        <message>
            <source>This birth date is not possible. Not sent to the card: no try was used.</source>
            <translation>Ngày sinh này không hợp lệ. Chưa gửi tới thẻ: không mất lần nào.</translation>
        </message>
        <message>
            <source>This expiry year is not possible. Not sent to the card: no try was used.</source>
            <translation>Năm hết hạn này không hợp lệ. Chưa gửi tới thẻ: không mất lần nào.</translation>
        </message>
        <message>
            <source>The security code is 4 digits. Not sent to the card: no try was used.</source>
            <translation>Mã bảo mật gồm 4 chữ số. Chưa gửi tới thẻ: không mất lần nào.</translation>
        </message>
        <message>
            <source>Visual check instead</source>
            <translation>Kiểm tra bằng mắt</translation>
        </message>
        <message>
            <source>Enter number B</source>
            <translation>Nhập số B</translation>
        </message>
        <message>
            <source>Number B can no longer be entered for this card (its remaining tries are kept). Please check visually.</source>
            <translation>Không thể nhập số B cho thẻ này nữa (để giữ số lần còn lại). Vui lòng kiểm tra bằng mắt.</translation>
        </message>
        <message>
            <source>Use a smartphone</source>
            <translation>Dùng điện thoại thông minh</translation>
        </message>
        <message>
            <source>Use my card instead</source>
            <translation>Dùng thẻ của tôi</translation>
        </message>
        <message>
            <source>Which smartphone do you have?</source>
            <translation>Bạn dùng loại điện thoại nào?</translation>
        </message>
        <message>
            <source>For a smartphone with the My Number Card's certificate set up on it. On your first visit, please also bring your My Number Card.</source>
            <translation>Dành cho điện thoại đã cài chứng thư điện tử của thẻ My Number. Lần khám đầu tiên, xin mang theo cả thẻ My Number.</translation>
        </message>
        <message>
            <source>Hold your smartphone over the reader</source>
            <translation>Đưa điện thoại lại gần đầu đọc</translation>
        </message>
        <message>
            <source>Hold it still until the screen changes. This takes 1 to 2 seconds.</source>
            <translation>Giữ yên cho đến khi màn hình thay đổi (1 đến 2 giây).</translation>
        </message>
        <message>
            <source>This could not be read as a smartphone with the certificate. Please hold your smartphone, or use your card.</source>
            <translation>Không đọc được như một điện thoại có chứng thư. Xin đưa điện thoại của bạn lại gần, hoặc dùng thẻ.</translation>
        </message>
        <message>
            <source>The smartphone could not be read. Please hold it over the reader again.</source>
            <translation>Không đọc được điện thoại. Xin đưa lại gần đầu đọc.</translation>
        </message>
        <message>
            <source>Reading your smartphone… Keep holding it</source>
            <translation>Đang đọc điện thoại… Xin giữ yên</translation>
        </message>
        <message>
            <source>Do not move your smartphone until the screen changes.</source>
            <translation>Đừng di chuyển điện thoại cho đến khi màn hình thay đổi.</translation>
        </message>
        <message>
            <source>Your iPhone did not confirm that it is you</source>
            <translation>iPhone chưa xác nhận được là bạn</translation>
        </message>
        <message>
            <source>Face ID or Touch ID was cancelled or did not succeed. You can try again on your iPhone, use your card, or call a staff member.</source>
            <translation>Face ID hoặc Touch ID đã bị hủy hoặc không thành công. Bạn có thể thử lại trên iPhone, dùng thẻ, hoặc gọi nhân viên.</translation>
        </message>
        <message>
            <source>The PIN of your smartphone is locked</source>
            <translation>Mã PIN của điện thoại đã bị khóa</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone cannot be used now. Your card has its own PIN and still works: today, please use your My Number Card.</source>
            <translation>Hiện không dùng được mã PIN của chứng thư trên điện thoại. Thẻ có mã PIN riêng và vẫn dùng được: hôm nay xin dùng thẻ My Number.</translation>
        </message>
        <message>
            <source>The certificate on your smartphone cannot be used</source>
            <translation>Không dùng được chứng thư trên điện thoại</translation>
        </message>
        <message>
            <source>It has expired. A smartphone's certificate cannot be used after its expiry date, and it is renewed on its own, apart from the card. Today, please use your My Number Card.</source>
            <translation>Đã hết hạn. Chứng thư trên điện thoại không dùng được sau ngày hết hạn và phải gia hạn riêng, tách khỏi thẻ. Hôm nay xin dùng thẻ My Number.</translation>
        </message>
        <message>
            <source>It was cancelled. Please set up the certificate on your smartphone again. Today, please use your My Number Card.</source>
            <translation>Đã bị hủy. Xin cài lại chứng thư trên điện thoại. Hôm nay xin dùng thẻ My Number.</translation>
        </message>
        <message>
            <source>Your My Number Card is not yet registered as a health insurance card. You can register it here with the card: place the card on the card reader.</source>
            <translation>Thẻ My Number của bạn chưa được đăng ký làm thẻ bảo hiểm y tế. Bạn có thể đăng ký tại đây bằng thẻ: đặt thẻ lên đầu đọc thẻ.</translation>
        </message>
        <message>
            <source>The smartphone reader is not working. Please use your My Number Card.</source>
            <translation>Đầu đọc điện thoại không hoạt động. Xin dùng thẻ My Number.</translation>
        </message>
        <message>
            <source>Please take your smartphone</source>
            <translation>Xin cầm lại điện thoại</translation>
        </message>
        <message>
            <source>Please take your smartphone from the reader.</source>
            <translation>Xin lấy điện thoại ra khỏi đầu đọc.</translation>
        </message>
        <message>
            <source>Don't forget your smartphone!</source>
            <translation>Đừng quên điện thoại của bạn!</translation>
        </message>
        <message>
            <source>If you need help, please go to the reception desk.</source>
            <translation>Nếu cần giúp đỡ, xin đến quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>Please go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>Xin đến quầy tiếp nhận cùng Giấy xác nhận tư cách hoặc Thông báo thông tin tư cách.</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please go to the reception desk.</source>
            <translation>Lượt tiếp nhận đã được lưu và sẽ được kiểm tra sau. Xin đến quầy tiếp nhận.</translation>
        </message>
        <message>
            <source>This reception uses your smartphone. Please take your card off the card reader.</source>
            <translation>Đang tiếp nhận bằng điện thoại. Xin lấy thẻ ra khỏi đầu đọc thẻ.</translation>
        </message>
        <message>
            <source>This reception uses your card. Please take your smartphone away from the reader.</source>
            <translation>Đang tiếp nhận bằng thẻ. Xin đưa điện thoại ra xa đầu đọc.</translation>
        </message>
        <message>
            <source>The smartphone moved away during the check. Please enter the PIN again.</source>
            <translation>Điện thoại đã rời đầu đọc khi đang kiểm tra. Xin nhập lại mã PIN.</translation>
        </message>
        <message>
            <source>Your smartphone is an Android: please enter its PIN.</source>
            <translation>Điện thoại của bạn là Android: xin nhập mã PIN.</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone, not your card's PIN.</source>
            <translation>Mã PIN của chứng thư trên điện thoại, không phải của thẻ.</translation>
        </message>
        <message>
            <source>If it is wrong once more, it will be locked.</source>
            <translation>Nếu sai thêm 1 lần, mã sẽ bị khóa.</translation>
        </message>
        <message>
            <source>Confirm on your iPhone, then hold it over the reader</source>
            <translation>Xác nhận trên iPhone, rồi đưa lại gần đầu đọc</translation>
        </message>
        <message>
            <source>The smartphone moved away. Nothing is lost: please hold it again.</source>
            <translation>Điện thoại đã rời đầu đọc. Không mất gì cả: xin đưa lại gần.</translation>
        </message>
        <message>
            <source>Use Face ID or Touch ID on your iPhone. Then hold it still until the screen changes (1 to 2 seconds).</source>
            <translation>Dùng Face ID hoặc Touch ID trên iPhone. Rồi giữ yên cho đến khi màn hình thay đổi (1 đến 2 giây).</translation>
        </message>
        <message>
            <source>Smartphone PIN (4 digits)</source>
            <translation>Mã PIN điện thoại (4 số)</translation>
        </message>
        <message>
            <source>This is a smartphone</source>
            <translation>Đây là điện thoại thông minh</translation>
        </message>
        <message>
            <source>Please take it off the card reader. To use a smartphone, tap Use a smartphone on the first screen and follow the steps. If the first screen has no such button, please use your My Number Card.</source>
            <translation>Xin lấy ra khỏi đầu đọc thẻ. Để dùng điện thoại, chạm Dùng điện thoại thông minh ở màn hình đầu tiên và làm theo hướng dẫn. Nếu màn hình đầu tiên không có nút đó, xin dùng thẻ My Number.</translation>
        </message>
        <message>
            <source>Listen again</source>
            <translation>Nghe lại</translation>
        </message>
        <message>
            <source>{n} digits entered.</source>
            <translation>Đã nhập {n} chữ số.</translation>
        </message>
        <message>
            <source>Press the Enter key.</source>
            <translation>Hãy nhấn phím Enter.</translation>
        </message>
        <message>
            <source>The voice comes from the headphones.</source>
            <translation>Âm thanh phát qua tai nghe.</translation>
        </message>
    </context>
</TS>
